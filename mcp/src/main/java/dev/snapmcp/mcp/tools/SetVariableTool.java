package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_set_variable}: one variable's value. */
final class SetVariableTool extends SnapTool {

  SetVariableTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_set_variable", "Set a variable",
        "Sets a variable's value: a global one, or a sprite-local one when 'sprite' is given. The value is JSON: "
            + "numbers, text, true/false, and arrays (which become Snap! lists, nested arrays nested lists). A "
            + "variable that does not exist yet is created. snap_undo puts the old value back, type included (or "
            + "removes a variable this call created).",
        Hints.CHANGE_IDEMPOTENT,
        Schemas.input(true, """
            "name": {"type": "string"},
            "value": {"description": "The new value (any JSON; arrays become lists).", "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "array"}]},
            "sprite": {"type": "string", "description": "Set the sprite's local variable instead of a global."}""",
            "name", "value"),
        Schemas.output("""
            "name": {"type": "string"},
            "value": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "array"}, {"type": "object"}, {"type": "null"}]},
            "scope": {"type": "string"},
            "created": {"type": "boolean"},
            """ + Schemas.CHANGE));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    ForbiddenCode.checkVariable(call.requiredString("name"));
    call.optionalString("sprite");
    if (!call.has("value")) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument 'value' is required.", null);
    }
    return change(call, "set_variable", call.pick("name", "value", "sprite"));
  }
}
