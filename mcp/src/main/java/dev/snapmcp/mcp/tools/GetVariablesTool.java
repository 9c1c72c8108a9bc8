package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_get_variables}: global and sprite-local variables with their values. */
final class GetVariablesTool extends SnapTool {

  GetVariablesTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_get_variables", "Read variables",
        "Returns the global variables and each sprite's locals with their values (lists as arrays).",
        Hints.READ,
        Schemas.input(true, """
            "sprite": {"type": "string", "description": "Only this sprite's locals (globals are always given)."}"""),
        Schemas.output("""
            "globals": {"type": "object"},
            "sprites": {"type": "object", "description": "Sprite name -> its variables."}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.optionalString("sprite");
    return read(call, "get_variables", call.pick("sprite"));
  }
}
