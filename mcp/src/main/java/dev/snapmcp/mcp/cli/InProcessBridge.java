package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.mcp.EmbeddedBridge;
import java.time.Duration;

/** Starts the bridge (module transport-netty) inside this process: the default configuration but for the grace. */
final class InProcessBridge implements EmbeddedBridge {

  private final Duration reconnectGrace;

  InProcessBridge(Duration reconnectGrace) {
    this.reconnectGrace = reconnectGrace;
  }

  @Override
  public Hosted start(SessionStore store, int port) {
    BridgeServer bridge =
        new BridgeServer(BridgeConfig.builder(store).port(port).reconnectGrace(reconnectGrace).build());
    try {
      bridge.start();
    } catch (RuntimeException e) {
      bridge.close();
      throw e;
    }
    return new Hosted() {
      @Override
      public int port() {
        return bridge.port();
      }

      @Override
      public void close() {
        bridge.close();
      }
    };
  }
}
