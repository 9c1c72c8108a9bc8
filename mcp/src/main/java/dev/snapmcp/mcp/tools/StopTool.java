package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code snap_stop}: the stop sign. */
final class StopTool extends SnapTool {

  StopTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_stop", "Stop all scripts",
        "Stops every running script and sound, like Snap!'s red stop sign.",
        new Hints(false, false, true),
        Schemas.input(true, ""),
        Schemas.output("""
            "stopped": {"type": "boolean"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    return read(call, "stop", Map.of());
  }
}
