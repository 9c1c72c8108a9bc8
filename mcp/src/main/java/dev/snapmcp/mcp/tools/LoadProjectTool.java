package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code snap_load_project}: a project from XML text or a file replaces the open one. */
final class LoadProjectTool extends SnapTool {

  /** Bigger project files are refused before they are read (the bridge's frame limit is 8 MiB). */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  LoadProjectTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_load_project", "Load a project",
        "Opens a project from XML text or an absolute file path, replacing the open one. Returns its name.",
        Hints.CHANGE,
        Schemas.input(true, """
            "xml": {"type": "string", "description": "The project's XML (<project …>…</project>)."},
            "path": {"type": "string", "description": "Absolute path of a .xml project file."}"""),
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
      xml = read(ProjectFiles.resolve(path));
    }
    if (!xml.contains("<project") && !xml.contains("<snapdata")) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "That is not a Snap! project: the XML has no <project> element.", null);
    }
    return change(call, "load_project", Map.of("xml", xml));
  }

  private static String read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, "There is no file " + file + ".", null);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, file + " is larger than 8 MiB, too large to load through the bridge.", null);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "Cannot read " + file + ": " + e.getMessage(), null);
    }
  }
}
