package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_delete_script}: one script removed. */
final class DeleteScriptTool extends SnapTool {

  DeleteScriptTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_delete_script", "Delete a script",
        "Deletes one script of a sprite by its id from snap_get_project. Undo with snap_undo.",
        Hints.CHANGE,
        Schemas.input(true, """
            "sprite": {"type": "string", "description": "The sprite that owns the script (or \\"Stage\\")."},
            "id": {"type": "string", "description": "The script's id, e.g. \\"Sprite#2\\"."}""", "sprite", "id"),
        Schemas.output("""
            "sprite": {"type": "string"},
            "deleted": {"type": "string"},
            "undoCheckpoints": {"type": "integer"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.requiredString("sprite");
    call.requiredString("id");
    return change(call, "delete_script", call.pick("sprite", "id"));
  }
}
