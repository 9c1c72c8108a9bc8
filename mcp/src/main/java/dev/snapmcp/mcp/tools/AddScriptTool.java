package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_add_script}: a new script, from text code, in a sprite. */
final class AddScriptTool extends SnapTool {

  static final String SCRIPT_OUTPUT =
      "\"sprite\": {\"type\": \"string\"},\n\"script\": " + Schemas.SCRIPT + ",\n" + """
      "narrated": {"type": "object", "description": "Blocks shown of all; stopped: ended early (snap_stop, cancel)."},
      "declared": {"type": "array", "items": {"type": "string"},
        "description": "Variables the script sets that did not exist: Snap! created them (as globals)."},
      """ + Schemas.CHANGE;

  AddScriptTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_add_script", "Add a script",
        "Adds a script from text code, e.g. (receiveGo) (forward 10) (guide: resource snap://guide/text-code). "
            + "Unknown block names are refused with the nearest ones. Returns the script with its id and revision.",
        Hints.ADD,
        Schemas.input(true, """
            "code": {"type": "string", "description": "The script's text code."},
            "sprite": {"type": "string", "description": "Sprite name or \\"Stage\\" (default: the current sprite)."},
            "x": {"type": "number", "description": "Place in the scripting area."},
            "y": {"type": "number"},
            """ + Narration.SCHEMA, "code"),
        Schemas.output(SCRIPT_OUTPUT));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    ForbiddenCode.check(call.requiredString("code"));
    call.optionalString("sprite");
    call.optionalNumber("x");
    call.optionalNumber("y");
    java.util.List<String> notes = Narration.notes(call);
    if (notes != null) {
      return Narration.build(tabs, call, call.pick("code", "sprite", "x", "y"), notes);
    }
    return change(call, "add_script", call.pick("code", "sprite", "x", "y"));
  }
}
