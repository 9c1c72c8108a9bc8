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
        "Look up block names before writing code. Returns primitives with their text-code name, label, category, "
            + "inputs and an example. Works before pairing, from a shipped catalogue (the live Snap! may differ).",
        Hints.READ,
        Schemas.input(true, """
            "query": {"type": "string", "description": "Words of its label or purpose."},
            "category": {"type": "string", "description": "motion, looks, sound, pen, control, sensing, operators, \
            variables, lists or other."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 200, "description": "Default 20."}"""),
        Schemas.output("""
            "blocks": {"type": "array", "items": {"type": "object", "properties": {
              "selector": {"type": "string"}, "spec": {"type": "string"}, "category": {"type": "string"},
              "type": {"type": "string"}, "inputs": {"type": "array"}, "example": {"type": "string"}}}},
            "offline": {"type": "string", "description": "Set when no tab answered: the live Snap! may differ."}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.optionalString("query");
    call.optionalString("category");
    call.optionalInt("limit");
    java.util.Map<String, Object> args = call.pick("query", "category", "limit");
    args.putIfAbsent("limit", 20);
    try {
      return read(call, "find_blocks", args);
    } catch (ToolError e) {
      if (!OFFLINE.contains(e.code())) {
        throw e;
      }
      return offline(call, e.state() == null ? ConnectionState.NONE : e.state());
    }
  }

  /** Without a tab (none connected, not ready, no bridge), the shipped catalogue answers: a model can plan first. */
  private static final java.util.Set<String> OFFLINE = java.util.Set.of(ToolErrorCode.NOT_CONNECTED.code(),
      ToolErrorCode.NOT_READY.code(), ToolErrorCode.BRIDGE_UNREACHABLE.code());

  private static McpSchema.CallToolResult offline(ToolCall call, ConnectionState state) {
    BlockCatalogue catalogue = BlockCatalogue.shipped();
    Integer limit = call.optionalInt("limit");
    var body = object();
    body.set("blocks", catalogue.find(call.optionalString("query"), call.optionalString("category"),
        limit == null ? 20 : limit));
    body.put("offline", "No Snap! tab is connected: these come from snap-mcp's catalogue of Snap! " + catalogue.snap()
        + "; the user's Snap! may differ (search again once a tab is connected).");
    return ok(state, body);
  }
}
