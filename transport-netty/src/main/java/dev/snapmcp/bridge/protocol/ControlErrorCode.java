package dev.snapmcp.bridge.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The control API's error codes and the HTTP status each comes with ({@code docs/protocol.md}, "Control API"). */
public enum ControlErrorCode implements ErrorCode {
  /**
   * The request is malformed: not HTTP, not JSON, no {@code op}, {@code args} not an object, {@code timeoutMs} out of
   * range, or a body on a WebSocket upgrade.
   */
  BAD_REQUEST("bad_request", 400),
  /** Missing or wrong bearer token. */
  UNAUTHORIZED("unauthorized", 401),
  /** An Origin header, a foreign Host, or a caller from another machine. */
  FORBIDDEN("forbidden", 403),
  /** The store has never heard of the session. */
  UNKNOWN_SESSION("unknown_session", 404),
  /** A path that is not part of the API. */
  NOT_FOUND("not_found", 404),
  /** The request did not arrive whole (head and body) within the request timeout. */
  REQUEST_TIMEOUT("request_timeout", 408),
  /** The session's tab dropped longer than the reconnection grace ago and has not come back. */
  NOT_CONNECTED("not_connected", 409),
  /** The session's tab dropped and did not come back within the command's timeout (it still may: see the grace). */
  RECONNECTING("reconnecting", 409),
  /** No tab ever connected to the session. */
  NOT_PAIRED("not_paired", 409),
  /** The session's time ran out. */
  EXPIRED("expired", 409),
  /** The session was revoked. */
  REVOKED("revoked", 409),
  /** The session's page said it was closing: the tab is gone for good. */
  TAB_CLOSED("tab_closed", 409),
  /** The body is over the control API's limit (the frame limit: a command travels to the tab in one frame). */
  TOO_LARGE("too_large", 413),
  /** Too many commands in flight for that tab. */
  BUSY("busy", 429),
  /** The caller's address already holds the most HTTP connections. */
  TOO_MANY_CONNECTIONS("too_many_connections", 429),
  /** The bridge failed unexpectedly (a bug: its log says more). */
  INTERNAL_ERROR("internal_error", 500),
  /**
   * In a cluster of bridge nodes: the node holding the tab took the command and died before the tab's answer was
   * recorded. The command is not run again; whether it ran is unknown (look before retrying).
   */
  LOST_IN_TRANSIT("lost_in_transit", 502),
  /** The browser answered with its own error, passed on in {@code error.browser}. */
  BROWSER_ERROR("browser_error", 502),
  /** The bridge cannot read its session store. */
  UNAVAILABLE("unavailable", 503),
  /** The browser did not answer within the command's timeout. */
  TIMEOUT("timeout", 504);

  private final String code;
  private final int status;

  ControlErrorCode(String code, int status) {
    this.code = code;
    this.status = status;
  }

  @Override
  @JsonValue
  public String code() {
    return code;
  }

  /** The HTTP status the bridge answers with. */
  public int status() {
    return status;
  }
}
