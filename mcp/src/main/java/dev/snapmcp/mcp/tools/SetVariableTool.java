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
        "Sets a global variable, or a sprite's local one (created if missing). Returns the value, its scope and "
            + "whether it was created.",
        Hints.CHANGE_IDEMPOTENT,
        Schemas.input(true, """
            "name": {"type": "string"},
            "value": {"description": "Arrays become lists.", "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "array"}]},
            "sprite": {"type": "string", "description": "Set this sprite's local instead."}""",
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
    call.requiredString("name");
    call.optionalString("sprite");
    if (!call.has("value")) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument 'value' is required.", null);
    }
    return change(call, "set_variable", call.pick("name", "value", "sprite"));
  }
}
