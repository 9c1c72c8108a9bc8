package dev.snapmcp.mcp.tools;

import java.util.Objects;

/**
 * The one failure of the tool layer: something the model can act on. It becomes an {@code isError} result whose text
 * is {@link #getMessage()} (what happened and the exact next step), never a stack trace.
 */
final class ToolError extends RuntimeException {

  private final String code;
  private final ConnectionState state;

  ToolError(String code, String message, ConnectionState state) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.state = state == null ? ConnectionState.NONE : state;
  }

  String code() {
    return code;
  }

  ConnectionState state() {
    return state;
  }
}
