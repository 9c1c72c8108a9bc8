package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.SessionState;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.bridge.protocol.ErrorCode;
import dev.snapmcp.bridge.protocol.OpErrorCode;
import java.time.Instant;
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
    ErrorCode stateCode = ErrorCode.find(ControlErrorCode.class, code).orElse(null);
    for (SessionState where : SessionState.values()) {
      if (where.failure() != null && where.failure() == stateCode) {
        return unusable(where, session, e.getMessage(),
            new ConnectionState(session, false, false, state.project(), state.snap()));
      }
    }
    if (ControlErrorCode.UNKNOWN_SESSION.is(code)) {
      return new ToolError(ToolErrorCode.UNKNOWN_SESSION, "The bridge does not know session " + session + " (it may have expired). "
          + "Call snap_status to see the sessions, or snap_pair for a new one.", state);
    }
    if (ControlErrorCode.BUSY.is(code)) {
      return new ToolError(ToolErrorCode.BUSY, "The Snap! tab has too many commands in flight; wait a moment and try again.",
          state);
    }
    if (ControlErrorCode.LOST_IN_TRANSIT.is(code)) {
      return new ToolError(ToolErrorCode.LOST_IN_TRANSIT, "The bridge node holding the Snap! tab went away while the"
          + " command was on its way (" + e.getMessage() + "). It was not run again, and it may or may not have run:"
          + " look at the project (snap_get_project) before trying again.", state);
    }
    if (ControlErrorCode.BAD_REQUEST.is(code)) {
      return new ToolError(ToolErrorCode.BAD_ARGS, "The bridge refused the request: " + e.getMessage(), state);
    }
    return new ToolError(code == null ? ToolErrorCode.BRIDGE_ERROR.code() : code, "The bridge refused the request (HTTP " + e.status()
        + "): " + e.getMessage() + ". Run `snap-mcp doctor` if this persists.", state);
  }

  /** The session {@code view} cannot take commands in its state {@code where}: what happened, and what to do. */
  static ToolError unusable(SessionState where, SessionView view, ConnectionState state) {
    String dropped = view.droppedAt() == null ? null
        : "it dropped " + SessionStatus.ago(view.droppedAt(), Instant.now()) + " ago";
    return unusable(where, view.id(), dropped, state);
  }

  /**
   * Advice for a session in {@code where}, never "pair again" for a tab that is coming back by itself. {@code what}
   * is what the bridge said happened (may be null).
   */
  private static ToolError unusable(SessionState where, String session, String what, ConnectionState state) {
    String tab = "The Snap! tab of session " + session;
    String said = what == null || what.isBlank() ? "" : " (" + what + ")";
    return switch (where) {
      case RECONNECTING -> new ToolError(ToolErrorCode.RECONNECTING, tab + " is reconnecting" + said + ". The "
          + "extension brings it back by itself within moments: wait a few seconds and call the tool again (snap_status"
          + " shows when it is back). If it stays away, ask the user whether the Snap! tab is still open.", state);
      case NOT_CONNECTED -> new ToolError(ToolErrorCode.NOT_CONNECTED, tab + " dropped and has not come back" + said
          + ". Ask the user to check that the Snap! tab is still open (reloading it reconnects a paired tab), then "
          + "call snap_status; if the tab was closed, call snap_pair for a new code.", state);
      case TAB_CLOSED -> new ToolError(ToolErrorCode.TAB_CLOSED, tab + " was closed" + said + ". Ask the user to open "
          + "Snap! again, then call snap_pair for a new pairing code.", state);
      case NOT_PAIRED -> new ToolError(ToolErrorCode.NOT_PAIRED, "No Snap! tab has connected to session " + session
          + " yet. Ask the user to paste its pairing code into the snap-mcp extension's popup while their Snap! tab is"
          + " open (or to open the pairing link); if they no longer have it, call snap_pair for a new one.", state);
      case EXPIRED -> new ToolError(ToolErrorCode.EXPIRED, "Session " + session + " has expired. Call snap_pair for a "
          + "new one and give the user its instructions.", state);
      case REVOKED -> new ToolError(ToolErrorCode.REVOKED, "Session " + session + " was revoked. Call snap_pair for a "
          + "new one if the user wants to connect again.", state);
      case CONNECTED -> throw new IllegalArgumentException("a connected session is usable");
    };
  }

  private static ToolError browser(ControlException e, ConnectionState state) {
    String code = e.code();
    String message = PageText.quote(e.getMessage()); // the page wrote it: quoted, capped, never our own words
    JsonNode details = PageText.capAll(e.details());
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
        return new ToolError(code, unknownBlocks(message, details), state);
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
            state, details);
      case CHANGED_BY_USER:
        return new ToolError(code, message + " details.assistant is what the change left, details.current what is "
            + "there now.", state, details);
      case FORBIDDEN_BLOCK:
        return new ToolError(code, message, state, details);
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
        unknown.path("suggestions").forEach(s -> suggestions.add(PageText.quote(s.asString())));
        parts.add(PageText.quote(unknown.path("name").asString("?"))
            + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(", ", suggestions) + "?)"));
      }
    }
    String which = parts.isEmpty() ? message : "Unknown block " + String.join("; ", parts);
    return which + ". Nothing was changed. Call snap_find_blocks to look up valid block names.";
  }
}
