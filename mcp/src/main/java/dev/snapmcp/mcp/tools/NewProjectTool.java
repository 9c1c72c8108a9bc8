package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** {@code snap_new_project}: an empty project replaces the open one. */
final class NewProjectTool extends SnapTool {

  NewProjectTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_new_project", "Start a new project",
        "Replaces the open project with an empty one. Returns its name.",
        Hints.CHANGE,
        Schemas.input(true, """
            "name": {"type": "string", "description": "The new project's name."}"""),
        Schemas.output("""
            "name": {"type": "string"},
            """ + Schemas.CHANGE));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.optionalString("name");
    return change(call, "new_project", call.pick("name"));
  }
}
