package dev.snapmcp.bridge.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The codes of the browser's {@code ok:false} answers to an op ({@code docs/protocol.md}, "Operations"): errors a
 * model can act on. The extension may only use these (a test scans its source).
 */
public enum OpErrorCode implements ErrorCode {
  /** Snap! has not finished loading, or the tab cannot be reached right now. */
  NOT_READY("not_ready"),
  /** No sprite of that name. */
  UNKNOWN_SPRITE("unknown_sprite"),
  /** No script of that id in the sprite. */
  UNKNOWN_SCRIPT("unknown_script"),
  /** The code names blocks Snap! does not have ({@code details.unknown} has suggestions). */
  UNKNOWN_BLOCK("unknown_block"),
  /** The text code is not well formed. */
  PARSE_ERROR("parse_error"),
  /** An argument is missing or has the wrong shape. */
  BAD_ARGS("bad_args"),
  /** No such op. */
  UNKNOWN_OP("unknown_op"),
  /** Snap! itself failed. */
  SNAP_ERROR("snap_error"),
  /**
   * Undo refused: what the change made was changed by hand since ({@code details.assistant} and {@code
   * details.current} give both versions); nothing changed. {@code force: true} undoes it anyway.
   */
  CHANGED_BY_USER("changed_by_user"),
  /**
   * The script changed since the {@code revision} the caller read ({@code details.code} and {@code details.revision}
   * are the current ones); nothing changed.
   */
  CHANGED_SINCE_READ("changed_since_read"),
  /** The tab's undo history is empty. */
  NOTHING_TO_UNDO("nothing_to_undo");

  private final String code;

  OpErrorCode(String code) {
    this.code = code;
  }

  @Override
  @JsonValue
  public String code() {
    return code;
  }
}
