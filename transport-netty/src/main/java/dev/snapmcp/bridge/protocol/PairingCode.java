package dev.snapmcp.bridge.protocol;

/**
 * The pairing code a user gives the extension, {@code SESSION.TOKEN.PORT} (docs/protocol.md, "Pairing code"), and
 * the link that carries it. The one place in Java that spells the format; the extension parses it in
 * {@code extension/protocol.js}.
 */
public final class PairingCode {

  private static final String SNAP_ONLINE = "https://snap.berkeley.edu/snap/snap.html";

  private PairingCode() {}

  /** The code for a session's token and the bridge's port. It holds the token: show it once, never log it. */
  public static String of(String sessionId, String token, int port) {
    return sessionId + "." + token + "." + port;
  }

  /** Snap! online with the code after {@code #snapmcp=}: opening it pairs that tab in one step. */
  public static String link(String code) {
    return SNAP_ONLINE + "#snapmcp=" + code;
  }
}
