package dev.snapmcp.mcp.setup;

/** Setup cannot go on; the message says why and what to do, and nothing has been written. */
public final class SetupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SetupException(String message) {
    super(message);
  }

  SetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
