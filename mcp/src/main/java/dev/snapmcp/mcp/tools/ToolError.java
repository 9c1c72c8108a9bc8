package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.protocol.ErrorCode;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The one failure of the tool layer: something the model can act on. It becomes an {@code isError} result whose text
 * is {@link #getMessage()} (what happened and the exact next step), never a stack trace; its code is a {@link
 * ToolErrorCode} or a code passed on from the bridge or the browser.
 */
final class ToolError extends RuntimeException {

  private final String code;
  private final ConnectionState state;
  private final JsonNode details;

  ToolError(ErrorCode code, String message, ConnectionState state) {
    this(code.code(), message, state);
  }

  /** With a code passed on as it came from the bridge or the browser. */
  ToolError(String code, String message, ConnectionState state) {
    this(code, message, state, null);
  }

  /** With what the model needs besides the message (e.g. both versions of a script), shown as {@code details}. */
  ToolError(String code, String message, ConnectionState state, JsonNode details) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.state = state == null ? ConnectionState.NONE : state;
    this.details = details;
  }

  String code() {
    return code;
  }

  ConnectionState state() {
    return state;
  }

  /** The error's details, or null. */
  JsonNode details() {
    return details;
  }
}
