package dev.snapmcp.harness;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bridge process of the connections scenario: {@code STATE_DIR MAX_PER_ADDRESS PING_MS IDLE_TIMEOUT_MS}. A real
 * {@link BridgeServer} on a free loopback port, with the per-address limit raised (every client of the scenario comes
 * from 127.0.0.1) and a short ping interval and idle timeout (silent clients are dropped with {@code
 * heartbeat_timeout} within the run). Prints {@code port N} once listening; closes cleanly when its stdin ends; the
 * scenario may kill it with -9 at any moment.
 */
public final class BridgeProcessMain {

  private BridgeProcessMain() {}

  public static void main(String[] args) throws IOException {
    try (SessionStore store = SessionStores.open(Path.of(args[0]))) {
      BridgeConfig config = BridgeConfig.builder(store)
          .port(0)
          .maxConnectionsPerAddress(Integer.parseInt(args[1]))
          .pingInterval(Duration.ofMillis(Long.parseLong(args[2])))
          .idleTimeout(Duration.ofMillis(Long.parseLong(args[3])))
          .build();
      try (BridgeServer bridge = new BridgeServer(config)) {
        bridge.start();
        System.out.println("port " + bridge.port());
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the scenario to close our stdin
        }
      }
    }
  }
}
