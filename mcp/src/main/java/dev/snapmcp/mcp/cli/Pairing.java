package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.SessionStore;
import java.time.Instant;
import java.util.Optional;

/** Which port a pairing code names: the live bridge's, else the default one ({@link Protocol#DEFAULT_PORT}). */
final class Pairing {

  private Pairing() {}

  /** The live bridge, if any. */
  static Optional<BridgeRecord> liveBridge(SessionStore store, Instant now) {
    return store.bridge().filter(b -> b.isLiveAt(now));
  }

  static int port(SessionStore store, Instant now) {
    return liveBridge(store, now).map(BridgeRecord::port).orElse(Protocol.DEFAULT_PORT);
  }
}
