package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_define_block}: a custom block, its body in text code. */
final class DefineBlockTool extends SnapTool {

  DefineBlockTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_define_block", "Define a custom block",
        "Defines or redefines a custom block; its body reads inputs as (get h) and a reporter's ends with "
            + "(doReport …). Returns the block as Snap! holds it.",
        Hints.CHANGE_IDEMPOTENT,
        Schemas.input(true, """
            "label": {"type": "string", "description": "Its text, %name per input: \\"jump %h\\"."},
            "category": {"type": "string", "description": "motion, looks, sound, pen, control, sensing, operators, \
            variables, lists or other (default)."},
            "type": {"type": "string", "enum": ["command", "reporter", "predicate"], "description": "Default command."},
            "inputs": {"type": "array", "items": {"type": "object", "properties": {
              "name": {"type": "string"}, "type": {"type": "string", "description": "any (default), number, \
            text, boolean, list, …"}}, "required": ["name"]}},
            "scope": {"type": "string", "enum": ["global", "sprite"], "description": "Default global."},
            "sprite": {"type": "string", "description": "Owner of a sprite-only block."},
            "code": {"type": "string", "description": "The body's text code."}""", "label", "code"),
        Schemas.output("""
            "block": {"type": "object", "properties": {"label": {"type": "string"}, "spec": {"type": "string"},
              "category": {"type": "string"}, "type": {"type": "string"}, "scope": {"type": "string"},
              "code": {"type": "string"}}},
            """ + Schemas.CHANGE));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.requiredString("label");
    call.requiredString("code");
    call.optionalList("inputs");
    java.util.Map<String, Object> args = call.pick("label", "category", "type", "inputs", "scope", "sprite", "code");
    args.putIfAbsent("category", "other");
    args.putIfAbsent("type", "command");
    args.putIfAbsent("scope", "global");
    args.putIfAbsent("inputs", java.util.List.of());
    return change(call, "define_block", args);
  }
}
