package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_replace_script}: a script's blocks replaced by new text code, in place. */
final class ReplaceScriptTool extends SnapTool {

  ReplaceScriptTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_replace_script", "Replace a script",
        "Replaces one script (by its id from snap_get_project, e.g. \"Sprite#2\") with new text code, keeping its "
            + "place and id. Unknown block names are refused with the nearest valid ones and nothing changes. Give "
            + "'revision' (from when you read the script) and a script changed since, e.g. by the user, is left "
            + "alone: the error changed_since_read gives its current code and revision to merge with. Answers with "
            + "the script as Snap! now holds it. snap_undo puts the old script back. narrate: built block by block.",
        Hints.CHANGE_IDEMPOTENT,
        Schemas.input(true, """
            "sprite": {"type": "string", "description": "The sprite that owns the script (or \\"Stage\\")."},
            "id": {"type": "string", "description": "The script's id, e.g. \\"Sprite#2\\"."},
            "code": {"type": "string", "description": "The new script in Snap!'s text syntax."},
            "revision": {"type": "string", "description": "The script's revision when you read it (optional)."},
            """ + Narration.SCHEMA,
            "sprite", "id", "code"),
        Schemas.output(AddScriptTool.SCRIPT_OUTPUT));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.requiredString("sprite");
    call.requiredString("id");
    call.requiredString("code");
    call.optionalString("revision");
    java.util.List<String> notes = Narration.notes(call);
    if (notes != null) {
      return Narration.build(tabs, call, call.pick("sprite", "id", "code", "revision"), notes);
    }
    return change(call, "replace_script", call.pick("sprite", "id", "code", "revision"));
  }
}
