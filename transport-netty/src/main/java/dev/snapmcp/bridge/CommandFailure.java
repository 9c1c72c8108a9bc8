package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import java.util.Objects;

/**
 * Why a command got no result from the browser: {@code not_connected}, {@code busy} or {@code timeout}. The control API
 * turns the code into its HTTP status. (A browser's own {@code ok:false} answer is a result, not a failure.)
 */
final class CommandFailure extends RuntimeException {

  private final ControlErrorCode code;

  /** With {@code NOT_CONNECTED}, {@code BUSY} or {@code TIMEOUT}. */
  CommandFailure(ControlErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  ControlErrorCode code() {
    return code;
  }
}
