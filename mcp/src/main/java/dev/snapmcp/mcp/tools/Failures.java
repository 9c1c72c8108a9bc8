package dev.snapmcp.mcp.tools;

import dev.snapmcp.mcp.ControlException;
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
        return new ToolError("bridge_unreachable", "The snap-mcp bridge cannot be reached: " + e.getMessage()
            + ". Ask the user to run `snap-mcp doctor` in a terminal and follow what it says.", state);
      case TIMEOUT:
        return new ToolError("timeout", "Snap! did not answer in time (" + e.getMessage() + "). The tab may be busy "
            + "running a script or asleep in the background: call snap_stop, or ask the user to bring the Snap! tab to "
            + "the front, then call snap_status.", state);
      case MALFORMED:
        return new ToolError("bridge_error", "The bridge answered something unexpected: " + e.getMessage() + ".",
            state);
      case BROWSER_ERROR:
        return browser(e, state);
      case REFUSED:
      default:
        break;
    }
    if ("not_connected".equals(code)) {
      return new ToolError("not_connected", "The Snap! tab of session " + session + " is no longer connected. Ask the "
          + "user to check that the tab is still open (the extension reconnects by itself within a few seconds), "
          + "then call snap_status; if it stays disconnected, call snap_pair for a new code.",
          new ConnectionState(session, false, false, state.project(), state.snap()));
    }
    if ("unknown_session".equals(code)) {
      return new ToolError("unknown_session", "The bridge does not know session " + session + " (it may have expired). "
          + "Call snap_status to see the sessions, or snap_pair for a new one.", state);
    }
    if ("busy".equals(code)) {
      return new ToolError("busy", "The Snap! tab has too many commands in flight; wait a moment and try again.",
          state);
    }
    if ("bad_request".equals(code)) {
      return new ToolError("bad_args", "The bridge refused the request: " + e.getMessage(), state);
    }
    return new ToolError(code == null ? "bridge_error" : code, "The bridge refused the request (HTTP " + e.status()
        + "): " + e.getMessage() + ". Run `snap-mcp doctor` if this persists.", state);
  }

  private static ToolError browser(ControlException e, ConnectionState state) {
    String code = e.code();
    String message = e.getMessage();
    switch (code) {
      case "not_ready":
        return new ToolError(code, "Snap! is not ready: " + message + ". Ask the user to wait until Snap! has "
            + "loaded (or reload the tab), then call snap_status.",
            new ConnectionState(state.session(), state.connected(), false, state.project(), state.snap()));
      case "unknown_block":
        return new ToolError(code, unknownBlocks(message, e.details()), state);
      case "unknown_sprite":
        return new ToolError(code, message + ". Call snap_get_project to see the sprites' names.", state);
      case "unknown_script":
        return new ToolError(code, message + ". Call snap_get_project to see the scripts and their ids.", state);
      case "parse_error":
        return new ToolError(code, "Snap! could not read the code: " + message + ". Write scripts in Snap!'s text "
            + "syntax, e.g. (receiveGo) (forward 10); snap_find_blocks shows the names.", state);
      case "bad_args":
        return new ToolError(code, "Snap! refused the arguments: " + message, state);
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
