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
        "Deletes one script of a sprite by its id from snap_get_project. Give 'revision' (from when you read it) "
            + "and a script changed since is left alone (error changed_since_read, with its current code). "
            + "snap_undo puts it back.",
        Hints.CHANGE,
        Schemas.input(true, """
            "sprite": {"type": "string", "description": "The sprite that owns the script (or \\"Stage\\")."},
            "id": {"type": "string", "description": "The script's id, e.g. \\"Sprite#2\\"."},
            "revision": {"type": "string", "description": "The script's revision when you read it (optional)."}""",
            "sprite", "id"),
        Schemas.output("""
            "sprite": {"type": "string"},
            "deleted": {"type": "string"},
            """ + Schemas.CHANGE));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.requiredString("sprite");
    call.requiredString("id");
    call.optionalString("revision");
    return change(call, "delete_script", call.pick("sprite", "id", "revision"));
  }
}
