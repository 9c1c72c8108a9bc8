package dev.snapmcp.mcp.tools;

import java.nio.file.Path;

/** The project files the load and save tools accept: absolute paths (or {@code ~/…}), {@code .xml}. */
final class ProjectFiles {

  private ProjectFiles() {}

  static Path resolve(String given) {
    String expanded = given.startsWith("~/") ? System.getProperty("user.home") + given.substring(1) : given;
    Path path;
    try {
      path = Path.of(expanded);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "'" + given + "' is not a valid path.", null);
    }
    if (!path.isAbsolute()) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "Give an absolute path (or one starting with ~/): '" + given + "' is relative, "
          + "and this server's working folder is whatever the MCP client chose.", null);
    }
    return path.normalize();
  }
}
