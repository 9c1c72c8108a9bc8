package dev.snapmcp.bridge;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A bridge in a child JVM, for tests that need a bridge in another process (one to kill -9). Args: state folder, and
 * optionally the connections allowed per address, then optionally the ping interval and the idle timeout in
 * milliseconds (the harness's silent clients are dropped with {@code heartbeat_timeout} within its run). Prints {@code
 * port N} once listening; closes cleanly when its stdin ends.
 */
public final class ChildBridgeMain {

  private ChildBridgeMain() {}

  public static void main(String[] args) throws IOException {
    try (SessionStore store = SessionStores.open(Path.of(args[0]))) {
      BridgeConfig.Builder config = BridgeConfig.builder(store)
          .port(0)
          .maxConnectionsPerAddress(args.length > 1 ? Integer.parseInt(args[1]) : 256);
      if (args.length > 3) {
        config.pingInterval(Duration.ofMillis(Long.parseLong(args[2])))
            .idleTimeout(Duration.ofMillis(Long.parseLong(args[3])));
      }
      serve(config.build());
    }
  }

  private static void serve(BridgeConfig config) throws IOException {
    try (BridgeServer bridge = new BridgeServer(config)) {
      bridge.start();
      System.out.println("port " + bridge.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
