package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap_undo}: the project as it was before the last change a tool made. */
final class UndoTool extends SnapTool {

  UndoTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_undo", "Undo the last change",
        "Takes back the last change a snap-mcp tool made to the project (scripts added, replaced or deleted, "
            + "blocks defined, variables set, runs, new or loaded projects) by restoring the checkpoint kept before "
            + "it. Call it again to go further back (up to " + SnapTabs.CHECKPOINTS + " steps). Changes the user "
            + "made by hand after that checkpoint are lost too.",
        Hints.CHANGE,
        Schemas.input(true, ""),
        Schemas.output("""
            "restored": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "The restored project's name."},
            "undoCheckpoints": {"type": "integer", "description": "How many more steps can be undone."}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.undo(target);
    ObjectNode body = object();
    body.put("restored", answer.value().path("name").asString(null));
    body.put("undoCheckpoints", tabs.checkpoints(target.session()));
    return ok(answer.state(), body);
  }
}
