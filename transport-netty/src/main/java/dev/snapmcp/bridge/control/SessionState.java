package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a session's tab is ({@code docs/protocol.md}, "Session states"): the {@code state} of a {@link SessionView},
 * and, for every state but {@link #CONNECTED}, the code a command for that session fails with. Derived by {@link
 * SessionStatus#derive}.
 */
public enum SessionState {
  /** A tab is connected now. */
  CONNECTED("connected", null),
  /** The tab dropped less than the reconnection grace ago, not by closing: it is expected back; commands wait. */
  RECONNECTING("reconnecting", ControlErrorCode.RECONNECTING),
  /** The page said it was closing (the tab was closed, or left Snap!). */
  TAB_CLOSED("tab_closed", ControlErrorCode.TAB_CLOSED),
  /** The tab dropped longer than the grace ago and has not come back. */
  NOT_CONNECTED("not_connected", ControlErrorCode.NOT_CONNECTED),
  /** No tab ever connected to the session. */
  NOT_PAIRED("not_paired", ControlErrorCode.NOT_PAIRED),
  /** The session's time ran out. */
  EXPIRED("expired", ControlErrorCode.EXPIRED),
  /** The session was revoked. */
  REVOKED("revoked", ControlErrorCode.REVOKED);

  private final String code;
  private final ControlErrorCode failure;

  SessionState(String code, ControlErrorCode failure) {
    this.code = code;
    this.failure = failure;
  }

  /** The state as it travels, e.g. {@code reconnecting}. */
  @JsonValue
  public String code() {
    return code;
  }

  /** The code a command fails with in this state (null for {@link #CONNECTED}). */
  public ControlErrorCode failure() {
    return failure;
  }

  /** Whether a command for a session in this state is accepted: it runs now, or waits for the tab to come back. */
  public boolean usable() {
    return this == CONNECTED || this == RECONNECTING;
  }

  /** The state whose code is {@code code} (from the wire: a newer bridge may send one this one does not know). */
  public static Optional<SessionState> find(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
