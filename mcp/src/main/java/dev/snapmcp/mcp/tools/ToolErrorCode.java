package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.bridge.protocol.ErrorCode;
import dev.snapmcp.bridge.protocol.OpErrorCode;

/**
 * The codes of the tools' error results, which a model acts on. Where a code means what the bridge's or the browser's
 * code means, it is that code (defined once, in {@code dev.snapmcp.bridge.protocol}); the others are the tools' own.
 * A tool may also pass on a browser's or bridge's code it got (e.g. {@code unknown_block}), as it came.
 */
enum ToolErrorCode implements ErrorCode {
  BAD_ARGS(OpErrorCode.BAD_ARGS),
  NOT_READY(OpErrorCode.NOT_READY),
  SNAP_ERROR(OpErrorCode.SNAP_ERROR),
  /** The code or project holds a block that runs JavaScript or loads code (checked here and in the tab). */
  FORBIDDEN_BLOCK(OpErrorCode.FORBIDDEN_BLOCK),
  NOT_CONNECTED(ControlErrorCode.NOT_CONNECTED),
  RECONNECTING(ControlErrorCode.RECONNECTING),
  NOT_PAIRED(ControlErrorCode.NOT_PAIRED),
  TAB_CLOSED(ControlErrorCode.TAB_CLOSED),
  EXPIRED(ControlErrorCode.EXPIRED),
  REVOKED(ControlErrorCode.REVOKED),
  UNKNOWN_SESSION(ControlErrorCode.UNKNOWN_SESSION),
  BUSY(ControlErrorCode.BUSY),
  TIMEOUT(ControlErrorCode.TIMEOUT),
  /**
   * In a cluster: the bridge node holding the tab died after it took the command and before the answer came back; the
   * command was not run again, and may or may not have run.
   */
  LOST_IN_TRANSIT(ControlErrorCode.LOST_IN_TRANSIT),
  /** Several tabs are connected and the call named none. */
  SEVERAL_TABS("several_tabs"),
  /** The bridge cannot be reached (nor started). */
  BRIDGE_UNREACHABLE("bridge_unreachable"),
  /** The bridge answered something the protocol does not allow, or refused without a code. */
  BRIDGE_ERROR("bridge_error"),
  /** The session store failed. */
  STORE_ERROR("store_error"),
  /** {@code snap_save_project} would overwrite a file (or one that is not a Snap! project, which it never replaces). */
  FILE_EXISTS("file_exists"),
  /** A project file could not be written. */
  IO_ERROR("io_error"),
  /** The call was cancelled while the scripts ran. */
  CANCELLED("cancelled"),
  /** The teacher's mode (guide, observe) does not allow this tool; the message says what is allowed. */
  NOT_ALLOWED_IN_MODE("not_allowed_in_mode"),
  /** snap-mcp itself failed (a bug: its log says more). */
  INTERNAL_ERROR("internal_error");

  private final String code;

  ToolErrorCode(String code) {
    this.code = code;
  }

  ToolErrorCode(ErrorCode same) {
    this.code = same.code();
  }

  @Override
  public String code() {
    return code;
  }
}
