package dev.snapmcp.bridge.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The codes of the bridge's WebSocket {@code error} frames ({@code docs/protocol.md}, "Error codes"). */
public enum WebSocketErrorCode implements ErrorCode {
  /** Unknown session, wrong proof or revoked session (indistinguishable on purpose). */
  UNAUTHORIZED("unauthorized", true),
  /** The session's time ran out. */
  EXPIRED("expired", true),
  /** A proof made with the session's pairing code, which its first handshake already exchanged for a secret. */
  CODE_USED("code_used", true),
  /** No hello within the hello timeout. */
  HELLO_TIMEOUT("hello_timeout", false),
  /** Too many failed hellos from this address. */
  RATE_LIMITED("rate_limited", false),
  /** Not a frame the protocol allows now. */
  BAD_FRAME("bad_frame", false),
  /** A frame over the size limit. */
  TOO_LARGE("too_large", false),
  /** A newer connection for the same session said hello. */
  REPLACED("replaced", true),
  /** Connections per address over the limit. */
  TOO_MANY_CONNECTIONS("too_many_connections", false),
  /** Nothing received for too long. */
  HEARTBEAT_TIMEOUT("heartbeat_timeout", false),
  /** A hello of an older handshake (it carries the token): the extension must be updated. */
  OUTDATED_EXTENSION("outdated_extension", true),
  /** The bridge could not read or write its session store. */
  UNAVAILABLE("unavailable", false);

  private final String code;
  private final boolean finalForTab;

  WebSocketErrorCode(String code, boolean finalForTab) {
    this.code = code;
    this.finalForTab = finalForTab;
  }

  @Override
  @JsonValue
  public String code() {
    return code;
  }

  /**
   * Whether reconnecting cannot help after this error: the user must pair the tab again (or another tab took the
   * session over on purpose). The extension stops retrying on these ({@code finalErrors} in its constants).
   */
  public boolean finalForTab() {
    return finalForTab;
  }

  /** The codes after which the extension stops reconnecting, in declaration order. */
  public static List<WebSocketErrorCode> finalForTabs() {
    return Arrays.stream(values()).filter(WebSocketErrorCode::finalForTab).toList();
  }
}
