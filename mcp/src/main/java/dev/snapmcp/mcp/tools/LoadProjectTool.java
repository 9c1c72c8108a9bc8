package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code snap_load_project}: a project from XML text or a file replaces the open one. */
final class LoadProjectTool extends SnapTool {

  LoadProjectTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_load_project", "Load a project",
        "Opens a project from XML text or a file in the projects folder, replacing the open one. Returns its name.",
        Hints.CHANGE,
        Schemas.input(true, """
            "xml": {"type": "string", "description": "The project's XML (<project …>…</project>)."},
            "path": {"type": "string", "description": "A project file, e.g. game.xml."}"""),
        Schemas.output("""
            "name": {"type": "string"},
            """ + Schemas.CHANGE));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    String xml = call.optionalString("xml");
    String path = call.optionalString("path");
    if ((xml == null) == (path == null)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "Give exactly one of 'xml' (the project's text) or 'path' (a project file).",
          null);
    }
    if (path != null) {
      xml = tabs.projects().read(path);
    }
    ProjectXml.checkLoadable(xml);
    return change(call, "load_project", Map.of("xml", xml));
  }
}
