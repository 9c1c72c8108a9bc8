package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code snap_get_project}: the whole project as data, every script as Snap!'s text code with its id. */
final class GetProjectTool extends SnapTool {

  GetProjectTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_get_project", "Read the Snap! project",
        "Read the project before changing it. Returns its name, stage, sprites with their scripts (text code, id "
            + "like \"Sprite#1\", revision), variables and custom blocks.",
        Hints.READ,
        Schemas.input(true, ""),
        Schemas.output("""
            "name": {"type": "string"},
            "scenes": {"type": "array"},
            "currentScene": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "array"}, {"type": "object"}, {"type": "null"}]},
            "stage": {"type": "object"},
            "sprites": {"type": "array", "items": {"type": "object", "properties": {
              "name": {"type": "string"}, "x": {"type": "number"}, "y": {"type": "number"},
              "direction": {"type": "number"}, "costume": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "visible": {"type": "boolean"},
              "variables": {"type": "object"},
              "scripts": {"type": "array", "items": """ + Schemas.SCRIPT + """
            }}}},
            "globals": {"type": "object"},
            "customBlocks": {"type": "array"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    return read(call, "get_project", Map.of());
  }
}
