package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap_undo}: the tab's most recent change made through snap-mcp, taken back, and only that. */
final class UndoTool extends SnapTool {

  UndoTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_undo", "Undo the last change",
        "Takes back the newest change made through snap-mcp in this tab (by any client), and only it: the user's "
            + "edits stay. If the user changed it since: error changed_by_user; force=true undoes anyway.",
        Hints.CHANGE,
        Schemas.input(true, """
            "force": {"type": "boolean", "description": "Undo even if changed by hand since (default \
            false)."}"""),
        Schemas.output("""
            "undone": {"type": "object", "description": "The change that was taken back.", "properties": {
              "tool": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "The tool that made it."},
              "at": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "When it was made."},
              "client": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "The client that made it."},
              "summary": {"type": "string"}}},
            "undoCheckpoints": {"type": "integer", "description": "How many more changes can be taken back."}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    boolean force = call.flag("force", false);
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.run(target, "undo", Map.of("force", force), tabs.commandTimeout());
    JsonNode undone = answer.value().path("undone");
    ObjectNode body = object();
    ObjectNode change = body.putObject("undone");
    for (String member : new String[] {"tool", "at", "client", "summary"}) {
      change.set(member, undone.path(member).isString() ? undone.get(member) : change.nullNode());
    }
    body.put("undoCheckpoints", answer.value().path("remaining").asInt(0));
    return ok(answer.state(), body);
  }
}
