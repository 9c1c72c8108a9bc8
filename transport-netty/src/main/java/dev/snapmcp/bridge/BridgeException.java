package dev.snapmcp.bridge;

/**
 * The one failure of the bridge layer: it could not start (a live bridge exists, the port is taken, the state folder
 * is unwritable). The message says what to do; callers print it, not a stack trace.
 */
public final class BridgeException extends RuntimeException {

  public BridgeException(String message) {
    super(message);
  }

  public BridgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
