package dev.snapmcp.bridge.control;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The one failure of the control-API layer: the bridge could not be reached, did not answer in time, refused the
 * request, or passed on an error from the browser. The message is written for whoever reads it next (a model, a
 * person running {@code snap-mcp doctor}); it never carries a token.
 */
public final class ControlException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** Nothing listens at the bridge's address, or the connection broke (reset, closed early). */
    UNREACHABLE,
    /** The bridge (or the browser behind it) did not answer within the timeout. */
    TIMEOUT,
    /** The bridge refused the request with an HTTP error and an error code ({@link #code()}). */
    REFUSED,
    /** The browser answered the command with an error ({@link #code()} is the browser's code). */
    BROWSER_ERROR,
    /** The answer was not the JSON the protocol promises. */
    MALFORMED
  }

  private final Kind kind;
  private final int status;
  private final String code;
  private final transient JsonNode details;

  public ControlException(Kind kind, int status, String code, String message, JsonNode details, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public ControlException(Kind kind, String message, Throwable cause) {
    this(kind, 0, null, message, null, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when there was none. */
  public int status() {
    return status;
  }

  /** The protocol's error code ({@code not_connected}, {@code unknown_block}, …), or null. */
  public String code() {
    return code;
  }

  /** The browser's {@code error.details}, or null. */
  public JsonNode details() {
    return details;
  }
}
