package dev.snapmcp.bridge;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A bridge in a child JVM, for tests that need a bridge in another process (one to kill -9). Arg: the state folder.
 * Prints {@code port N} once listening; closes cleanly when its stdin ends.
 */
public final class ChildBridgeMain {

  private ChildBridgeMain() {}

  public static void main(String[] args) throws IOException {
    try (SessionStore store = SessionStores.open(Path.of(args[0]));
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build())) {
      bridge.start();
      System.out.println("port " + bridge.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
