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
        "Stops every script and sound at once (the red stop sign), even while snap_run waits.",
        new Hints(false, false, true),
        Schemas.input(true, ""),
        Schemas.output("""
            "stopped": {"type": "boolean"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.interrupt(target, "stop", Map.of());
    return ok(answer.state(), members(answer.value()));
  }
}
