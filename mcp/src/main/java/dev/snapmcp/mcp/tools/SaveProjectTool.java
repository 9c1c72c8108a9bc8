package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        "Writes the project as Snap! XML to a file; replaces one only with overwrite=true. Returns the path and "
            + "size.",
        new Hints(false, true, true), // overwrite=true replaces a file
        Schemas.input(true, """
            "path": {"type": "string", "description": "Where to write, e.g. ~/snap/game.xml."},
            "overwrite": {"type": "boolean", "description": "Replace an existing file (default false)."}""", "path"),
        Schemas.output("""
            "name": {"type": "string"},
            "path": {"type": "string"},
            "bytes": {"type": "integer"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    Path file = ProjectFiles.resolve(call.requiredString("path"));
    boolean overwrite = call.flag("overwrite", false);
    if (Files.exists(file) && !overwrite) {
      throw new ToolError(ToolErrorCode.FILE_EXISTS, file + " already exists. Choose another path, or pass overwrite=true to "
          + "replace it.", null);
    }
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.run(target, "get_project_xml", Map.of(), tabs.commandTimeout());
    String xml = answer.value().path("xml").asString(null);
    if (xml == null) {
      throw new ToolError(ToolErrorCode.SNAP_ERROR, "Snap! did not hand over the project's XML.", answer.state());
    }
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path temporary = Files.createTempFile(parent, ".snap-mcp-", ".xml.tmp");
      Files.write(temporary, bytes);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ToolError(ToolErrorCode.IO_ERROR, "Cannot write " + file + ": " + e.getMessage(), answer.state());
    }
    ObjectNode body = object();
    body.put("name", answer.value().path("name").asString(answer.state().project()));
    body.put("path", file.toString());
    body.put("bytes", bytes.length);
    return ok(answer.state(), body);
  }
}
