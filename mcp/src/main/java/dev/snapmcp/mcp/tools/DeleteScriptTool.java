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
        "Deletes one script by id. With 'revision', a script changed since you read it is left alone (error "
            + "changed_since_read).",
        Hints.CHANGE,
        Schemas.input(true, """
            "sprite": {"type": "string", "description": "Its sprite (or \\"Stage\\")."},
            "id": {"type": "string", "description": "e.g. \\"Sprite#2\\"."},
            "revision": {"type": "string", "description": "Its revision when you read it."}""",
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
