package dev.snapmcp.bridge;

import java.util.Objects;

/**
 * Why a command got no result from the browser: {@code not_connected}, {@code busy} or {@code timeout}. The control API
 * turns the code into its HTTP status. (A browser's own {@code ok:false} answer is a result, not a failure.)
 */
final class CommandFailure extends RuntimeException {

  static final String NOT_CONNECTED = "not_connected";
  static final String BUSY = "busy";
  static final String TIMEOUT = "timeout";

  private final String code;

  CommandFailure(String code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  String code() {
    return code;
  }
}
