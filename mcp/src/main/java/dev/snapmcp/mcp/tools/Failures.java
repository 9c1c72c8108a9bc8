package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.bridge.protocol.ErrorCode;
import dev.snapmcp.bridge.protocol.OpErrorCode;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Turns control-API failures into messages a model can act on. */
final class Failures {

  private Failures() {}

  static ToolError explain(ControlException e, ConnectionState state) {
    String session = state.session();
    String code = e.code();
    switch (e.kind()) {
      case UNREACHABLE:
        return new ToolError(ToolErrorCode.BRIDGE_UNREACHABLE, "The snap-mcp bridge cannot be reached: " + e.getMessage()
            + ". Ask the user to run `snap-mcp doctor` in a terminal and follow what it says.", state);
      case TIMEOUT:
        return new ToolError(ToolErrorCode.TIMEOUT, "Snap! did not answer in time (" + e.getMessage() + "). The tab may be busy "
            + "running a script or asleep in the background: call snap_stop, or ask the user to bring the Snap! tab to "
            + "the front, then call snap_status.", state);
      case MALFORMED:
        return new ToolError(ToolErrorCode.BRIDGE_ERROR, "The bridge answered something unexpected: " + e.getMessage() + ".",
            state);
      case BROWSER_ERROR:
        return browser(e, state);
      case REFUSED:
      default:
        break;
    }
    if (ControlErrorCode.NOT_CONNECTED.is(code)) {
      return new ToolError(ToolErrorCode.NOT_CONNECTED, "The Snap! tab of session " + session + " is no longer connected. Ask the "
          + "user to check that the tab is still open (the extension reconnects by itself within a few seconds), "
          + "then call snap_status; if it stays disconnected, call snap_pair for a new code.",
          new ConnectionState(session, false, false, state.project(), state.snap()));
    }
    if (ControlErrorCode.UNKNOWN_SESSION.is(code)) {
      return new ToolError(ToolErrorCode.UNKNOWN_SESSION, "The bridge does not know session " + session + " (it may have expired). "
          + "Call snap_status to see the sessions, or snap_pair for a new one.", state);
    }
    if (ControlErrorCode.BUSY.is(code)) {
      return new ToolError(ToolErrorCode.BUSY, "The Snap! tab has too many commands in flight; wait a moment and try again.",
          state);
    }
    if (ControlErrorCode.BAD_REQUEST.is(code)) {
      return new ToolError(ToolErrorCode.BAD_ARGS, "The bridge refused the request: " + e.getMessage(), state);
    }
    return new ToolError(code == null ? ToolErrorCode.BRIDGE_ERROR.code() : code, "The bridge refused the request (HTTP " + e.status()
        + "): " + e.getMessage() + ". Run `snap-mcp doctor` if this persists.", state);
  }

  private static ToolError browser(ControlException e, ConnectionState state) {
    String code = e.code();
    String message = e.getMessage();
    OpErrorCode known = ErrorCode.find(OpErrorCode.class, code).orElse(null);
    if (known == null) {
      return new ToolError(code, "Snap! reported an error (" + code + "): " + message, state);
    }
    switch (known) {
      case NOT_READY:
        return new ToolError(code, "Snap! is not ready: " + message + ". Ask the user to wait until Snap! has "
            + "loaded (or reload the tab), then call snap_status.",
            new ConnectionState(state.session(), state.connected(), false, state.project(), state.snap()));
      case UNKNOWN_BLOCK:
        return new ToolError(code, unknownBlocks(message, e.details()), state);
      case UNKNOWN_SPRITE:
        return new ToolError(code, message + ". Call snap_get_project to see the sprites' names.", state);
      case UNKNOWN_SCRIPT:
        return new ToolError(code, message + ". Call snap_get_project to see the scripts and their ids.", state);
      case PARSE_ERROR:
        return new ToolError(code, "Snap! could not read the code: " + message + ". Write scripts in Snap!'s text "
            + "syntax, e.g. (receiveGo) (forward 10); snap_find_blocks shows the names.", state);
      case BAD_ARGS:
        return new ToolError(code, "Snap! refused the arguments: " + message, state);
      case CHANGED_SINCE_READ:
        return new ToolError(code, message + " details.code is the script now and details.revision its revision.",
            state, e.details());
      case CHANGED_BY_USER:
        return new ToolError(code, message + " details.assistant is what the change left, details.current what is "
            + "there now.", state, e.details());
      case NOTHING_TO_UNDO:
        return new ToolError(code, message, state);
      default:
        return new ToolError(code, "Snap! reported an error (" + code + "): " + message, state);
    }
  }

  private static String unknownBlocks(String message, JsonNode details) {
    List<String> parts = new ArrayList<>();
    if (details != null) {
      for (JsonNode unknown : details.path("unknown")) {
        List<String> suggestions = new ArrayList<>();
        unknown.path("suggestions").forEach(s -> suggestions.add(s.asString()));
        parts.add("'" + unknown.path("name").asString("?") + "'"
            + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(", ", suggestions) + "?)"));
      }
    }
    String which = parts.isEmpty() ? message : "Unknown block " + String.join("; ", parts);
    return which + ". Nothing was changed. Call snap_find_blocks to look up valid block names.";
  }
}
