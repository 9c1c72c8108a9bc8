package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import java.util.Objects;

/**
 * Why a command got no result from the browser: its session's state ({@code reconnecting}, {@code not_connected},
 * {@code tab_closed}, …), {@code busy} or {@code timeout}. The control API turns the code into its HTTP status. (A
 * browser's own {@code ok:false} answer is a result, not a failure.)
 */
final class CommandFailure extends RuntimeException {

  private final ControlErrorCode code;

  /** With a state's code, {@code BUSY} or {@code TIMEOUT}. */
  CommandFailure(ControlErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  ControlErrorCode code() {
    return code;
  }
}
