package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.SessionStore;
import java.time.Instant;
import java.util.Optional;

/** The pairing code {@code SESSION.TOKEN.PORT} (docs/protocol.md, "Pairing code"). */
final class Pairing {

  /** The bridge's port when none is running. */
  static final int DEFAULT_PORT = 7627;

  private Pairing() {}

  /** The live bridge, if any. */
  static Optional<BridgeRecord> liveBridge(SessionStore store, Instant now) {
    return store.bridge().filter(b -> b.isLiveAt(now));
  }

  static int port(SessionStore store, Instant now) {
    return liveBridge(store, now).map(BridgeRecord::port).orElse(DEFAULT_PORT);
  }

  static String code(String sessionId, String token, int port) {
    return sessionId + "." + token + "." + port;
  }
}
