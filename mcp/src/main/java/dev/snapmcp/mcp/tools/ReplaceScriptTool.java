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
        "Replaces one script (id from snap_get_project) in place. With 'revision', a script changed since you "
            + "read it is left alone (error changed_since_read gives its code). Returns the new script.",
        Hints.CHANGE_IDEMPOTENT,
        Schemas.input(true, """
            "sprite": {"type": "string", "description": "Its sprite (or \\"Stage\\")."},
            "id": {"type": "string", "description": "e.g. \\"Sprite#2\\"."},
            "code": {"type": "string", "description": "The new script's text code."},
            "revision": {"type": "string", "description": "Its revision when you read it."},
            """ + Narration.SCHEMA,
            "sprite", "id", "code"),
        Schemas.output(AddScriptTool.SCRIPT_OUTPUT));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.requiredString("sprite");
    call.requiredString("id");
    ForbiddenCode.check(call.requiredString("code"));
    call.optionalString("revision");
    java.util.List<String> notes = Narration.notes(call);
    if (notes != null) {
      return Narration.build(tabs, call, call.pick("sprite", "id", "code", "revision"), notes);
    }
    return change(call, "replace_script", call.pick("sprite", "id", "code", "revision"));
  }
}
