package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_find_blocks}: Snap!'s primitives by words or category, with their text-code names. */
final class FindBlocksTool extends SnapTool {

  FindBlocksTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_find_blocks", "Find Snap! blocks",
        "Searches Snap!'s primitive blocks by words (e.g. \"move steps\", \"say\", \"when key pressed\") or by "
            + "category, returning each block's text-code name (its selector), label, inputs and a short example. "
            + "Use it before writing code to get block names right the first time.",
        Hints.READ,
        Schemas.input(true, """
            "query": {"type": "string", "description": "Words of the block's label or purpose."},
            "category": {"type": "string", "description": "motion, looks, sound, pen, control, sensing, operators, \
            variables, lists or other."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 200, "description": "Default 20."}"""),
        Schemas.output("""
            "blocks": {"type": "array", "items": {"type": "object", "properties": {
              "selector": {"type": "string"}, "spec": {"type": "string"}, "category": {"type": "string"},
              "type": {"type": "string"}, "inputs": {"type": "array"}, "example": {"type": "string"}}}}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.optionalString("query");
    call.optionalString("category");
    call.optionalInt("limit");
    java.util.Map<String, Object> args = call.pick("query", "category", "limit");
    args.putIfAbsent("limit", 20);
    return read(call, "find_blocks", args);
  }
}
