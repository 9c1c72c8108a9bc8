package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
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
        "Shows whether a Snap! tab is connected and ready: the bridge, every session with its tab, Snap!'s version "
            + "and the open project, and the next step. Call it first, and whenever a tool says the tab is missing "
            + "or not ready.",
        Hints.READ,
        Schemas.input(true, ""),
        Schemas.output("""
            "bridge": {"type": "object", "properties": {"url": {"type": "string"}, "pid": {"type": "integer"},
              "version": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "hostedHere": {"type": "boolean"}}},
            "sessions": {"type": "array", "items": {"type": "object"}},
            "next": {"type": "string", "description": "What to do next."}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    JsonNode health = tabs.health();
    JsonNode sessions = tabs.sessions();
    ObjectNode body = object();
    ObjectNode bridge = body.putObject("bridge");
    bridge.put("url", "http://127.0.0.1:" + health.path("port").asInt(tabs.link().port()));
    bridge.put("pid", health.path("pid").asLong());
    bridge.put("version", health.path("version").asString(null));
    bridge.put("hostedHere", tabs.link().hostsBridge());
    ArrayNode list = body.putArray("sessions");
    int connected = 0;
    JsonNode only = null;
    JsonNode named = null;
    for (JsonNode session : sessions) {
      ObjectNode entry = list.addObject();
      entry.put("id", session.path("id").asString(null));
      entry.put("connected", session.path("connected").asBoolean(false));
      entry.set("ready", session.path("ready"));
      copy(session, entry, "readyReason", "snap", "project", "lastSeenAt");
      if (session.has("client")) {
        entry.set("extension", session.path("client").path("extension"));
      }
      if (session.has("tab")) {
        entry.set("tab", session.get("tab"));
      }
      if (session.path("connected").asBoolean(false)) {
        connected++;
        only = session;
      }
      if (call.session() != null && call.session().equals(session.path("id").asString(null))) {
        named = session;
      }
    }
    JsonNode current = named != null ? named : connected == 1 ? only : null;
    ConnectionState state = current == null ? ConnectionState.NONE : ConnectionState.of(current);
    String next;
    if (call.session() != null && named == null) {
      next = "There is no session '" + call.session() + "'. Call snap_pair for a new one.";
    } else if (current == null && connected == 0) {
      next = SnapTabs.PAIR_FIRST;
    } else if (current == null) {
      next = connected + " Snap! tabs are connected: pass 'session' to the tools to choose one.";
    } else if (!state.connected()) {
      next = "Session " + state.session() + " is not connected: ask the user to paste its pairing code into the "
          + "extension's popup again, or call snap_pair for a new code.";
    } else if (!state.ready()) {
      next = "The tab is connected but Snap! is not ready yet: wait until it has loaded, then call snap_status.";
    } else {
      next = "Ready. Call snap_get_project to read the project.";
    }
    body.put("next", next);
    return ok(state, body);
  }

  private static void copy(JsonNode from, ObjectNode to, String... names) {
    for (String name : names) {
      if (from.has(name)) {
        to.set(name, from.get(name));
      }
    }
  }
}
