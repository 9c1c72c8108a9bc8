package dev.snapmcp.core;

import java.util.Objects;

/** The one failure of the store. Its message names the file and, where there is one, how to recover. */
public final class StoreException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The lock could not be had within the bound: another process holds it. */
    BUSY,
    /** The file is empty, truncated, not JSON or wrongly shaped; it was kept aside. */
    CORRUPT,
    /** The file was written by a newer major version of snap-mcp. */
    NEWER_VERSION,
    /** No such session. */
    NOT_FOUND,
    /** A wait ended before its condition held. */
    TIMEOUT,
    /** Permissions could not be repaired, the disk is full, or another I/O failure. */
    IO
  }

  private final Kind kind;

  public StoreException(Kind kind, String message) {
    this(kind, message, null);
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
