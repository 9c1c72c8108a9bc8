package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap_save_project}: the open project's XML written to a file. */
final class SaveProjectTool extends SnapTool {

  SaveProjectTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_save_project", "Save the project to a file",
        "Writes the project as Snap! XML to a file in the projects folder; replaces one only with overwrite=true. "
            + "Returns the path and size.",
        new Hints(false, true, true), // overwrite=true replaces a file
        Schemas.input(true, """
            "path": {"type": "string", "description": "A .xml file name, e.g. game.xml."},
            "overwrite": {"type": "boolean", "description": "Replace an existing file (default false)."}""", "path"),
        Schemas.output("""
            "name": {"type": "string"},
            "path": {"type": "string"},
            "bytes": {"type": "integer"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    String given = call.requiredString("path");
    boolean overwrite = call.flag("overwrite", false);
    tabs.projects().resolve(given); // the path's rules first: no browser call for a path that can never be written
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.run(target, "get_project_xml", Map.of(), tabs.commandTimeout());
    String xml = answer.value().path("xml").asString(null);
    if (xml == null) {
      throw new ToolError(ToolErrorCode.SNAP_ERROR, "Snap! did not hand over the project's XML.", answer.state());
    }
    Path file = tabs.projects().write(given, xml, overwrite, answer.state());
    ObjectNode body = object();
    body.put("name", PageText.cap(answer.value().path("name").asString(answer.state().project())));
    body.put("path", file.toString());
    body.put("bytes", xml.getBytes(StandardCharsets.UTF_8).length);
    return ok(answer.state(), body);
  }
}
