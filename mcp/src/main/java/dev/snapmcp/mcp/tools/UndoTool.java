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
        "Takes back the most recent change made through snap-mcp in this Snap! tab, by any client (script added, "
            + "replaced or deleted; block defined; variable set; run; new or loaded project), and only that: what "
            + "the user did by hand since stays. Variables get their old values back with their types. If the user "
            + "has changed what that change made (e.g. edited the script by hand), nothing happens and the error "
            + "changed_by_user shows both versions; force=true takes it back anyway. Call again to go further back "
            + "(the tab keeps the last 20 changes; reloading the page empties its history).",
        Hints.CHANGE,
        Schemas.input(true, """
            "force": {"type": "boolean", "description": "Take the change back even though it was changed by hand \
            since (default false)."}"""),
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
