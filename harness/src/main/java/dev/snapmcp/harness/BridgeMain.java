package dev.snapmcp.harness;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.nio.file.Path;

/**
 * The bridge process of the bridge scenario: {@code DIR MAX_CONNECTIONS_PER_ADDRESS}. A real {@link BridgeServer} on
 * 127.0.0.1 and an ephemeral port, with the per-address limit raised (every stress client comes from 127.0.0.1; the
 * default of 256 would refuse the idle-connections figure's 1000). Prints {@code port N}; closes cleanly when stdin
 * ends. (transport-netty's ChildBridgeMain takes no limits, hence this one.)
 */
public final class BridgeMain {

  private BridgeMain() {}

  public static void main(String[] args) throws Exception {
    try (SessionStore store = SessionStores.open(Path.of(args[0]));
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0)
            .maxConnectionsPerAddress(Integer.parseInt(args[1])).build())) {
      bridge.start();
      System.out.println("port " + bridge.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // EOF is the stop signal
      }
    }
  }
}
