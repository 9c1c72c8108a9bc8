package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.Health;
import dev.snapmcp.bridge.control.SessionState;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.core.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap_status}: the bridge, the sessions and their tabs, and what to do next. */
final class StatusTool extends SnapTool {

  StatusTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_status", "Snap! connection status",
        "Call first, and when a tool says the tab is missing or not ready. Returns the bridge, each session's "
            + "tab (connected, ready, Snap! version, project) and the next step.",
        Hints.READ,
        Schemas.input(true, ""),
        Schemas.output("""
            "bridge": {"type": "object", "properties": {"url": {"type": "string"}, "pid": {"type": "integer"},
              "version": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "hostedHere": {"type": "boolean"}}},
            "sessions": {"type": "array", "items": {"type": "object", "properties": {"state": {"type": "string",
              "description": "connected, reconnecting (coming back by itself: tools wait for it), tab_closed, not_connected, not_paired, expired or revoked."}}}},
            "mode": {"type": "string", "enum": ["build", "guide", "observe"], "description": "The teacher's mode."},
            "next": {"type": "string", "description": "What to do next."}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    Health health = tabs.health();
    List<SessionView> sessions = tabs.sessions();
    ObjectNode body = object();
    ObjectNode bridge = body.putObject("bridge");
    bridge.put("url", "http://127.0.0.1:" + (health.port() != 0 ? health.port() : tabs.link().port()));
    bridge.put("pid", health.pid());
    bridge.put("version", health.version());
    bridge.put("hostedHere", tabs.link().hostsBridge());
    ArrayNode list = body.putArray("sessions");
    int usable = 0;
    SessionView only = null;
    SessionView named = null;
    for (SessionView session : sessions) {
      list.add(entry(session));
      if (session.sessionState().map(SessionState::usable).orElse(false)) {
        usable++;
        only = session;
      }
      if (call.session() != null && call.session().equals(session.id())) {
        named = session;
      }
    }
    SessionView current = named != null ? named : usable == 1 ? only : null;
    ConnectionState state = current == null ? ConnectionState.NONE : ConnectionState.of(current);
    String next;
    if (call.session() != null && named == null) {
      next = "There is no session '" + call.session() + "'. Call snap_pair for a new one.";
    } else if (current == null && usable == 0) {
      next = SnapTabs.PAIR_FIRST;
    } else if (current == null) {
      next = usable + " Snap! tabs are connected: pass 'session' to the tools to choose one.";
    } else {
      next = next(current, state);
    }
    Teaching teaching = teaching();
    if (teaching != null) {
      dev.snapmcp.core.TeachMode mode = teaching.modeFor(current == null ? null : current.id());
      body.put("mode", mode.wire());
      if (mode != dev.snapmcp.core.TeachMode.BUILD) {
        next += " The teacher has set " + mode.wire() + " mode: " + (mode == dev.snapmcp.core.TeachMode.GUIDE
            ? "explain and guide (snap_explain, snap_run, snap_screenshot), do not build; the student builds."
            : "read and look only, and explain with snap_explain.");
      }
      for (var entry : list) {
        ((ObjectNode) entry).put("mode", teaching.settings().modeOf(entry.path("id").asString(null)).wire());
      }
    }
    body.put("next", next);
    return ok(state, body);
  }

  private static String next(SessionView current, ConnectionState state) {
    SessionState where = current.sessionState().orElse(SessionState.NOT_CONNECTED);
    if (where == SessionState.RECONNECTING) {
      return "The Snap! tab of session " + current.id() + " is reconnecting" + (current.droppedAt() == null ? ""
          : " (it dropped " + SessionStatus.ago(current.droppedAt(), Instant.now()) + " ago)") + ": it comes back by "
          + "itself, and tools called now wait for it.";
    }
    if (where != SessionState.CONNECTED) {
      return Failures.unusable(where, current, state).getMessage();
    }
    if (!state.ready()) {
      return "The tab is connected but Snap! is not ready yet: wait until it has loaded, then call snap_status.";
    }
    return "Ready. Call snap_get_project to read the project.";
  }

  /** What the model sees of one session: the bridge's view without its events and connection ids. */
  private static ObjectNode entry(SessionView session) {
    ObjectNode entry = object();
    entry.put("id", session.id());
    putIfPresent(entry, "state", session.state());
    putIfPresent(entry, "droppedAt", session.droppedAt() == null ? null : session.droppedAt().toString());
    entry.put("connected", session.connected());
    entry.put("ready", session.ready());
    putIfPresent(entry, "readyReason", PageText.cap(session.readyReason()));
    putIfPresent(entry, "snap", PageText.cap(session.snap()));
    putIfPresent(entry, "project", PageText.cap(session.project()));
    putIfPresent(entry, "lastSeenAt", session.lastSeenAt() == null ? null : session.lastSeenAt().toString());
    if (session.client() != null) {
      putIfPresent(entry, "extension", PageText.cap(session.client().extension()));
    }
    if (session.tab() != null) {
      entry.set("tab", PageText.capAll(Json.mapper().valueToTree(session.tab())));
    }
    entry.put("undoCheckpoints", session.history().size()); // the tab's undo history, shared by every client
    return entry;
  }

  private static void putIfPresent(ObjectNode to, String name, String value) {
    if (value != null) {
      to.put(name, value);
    }
  }
}
