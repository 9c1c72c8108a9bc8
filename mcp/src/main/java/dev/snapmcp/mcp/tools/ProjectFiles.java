package dev.snapmcp.mcp.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * The one folder whose project files the load and save tools read and write ({@code serve --projects-dir}, default
 * {@link #defaultFolder()}). A path is relative to it, absolute or {@code ~/…} inside it, and ends in {@code .xml};
 * no file is read or written through a symbolic link leading out of it, no folder is made below it, and only a Snap!
 * project (well-formed XML whose root is {@code <project>}) is written or replaced. Loading answers a missing file,
 * one out of reach and one that is not a project alike, so the tools tell nobody which files exist.
 */
public final class ProjectFiles {

  /** Bigger project files are refused unread (the bridge's frame limit is 8 MiB). */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  private final Path root;

  /** @param root the projects folder (made absolute and normalised; it need not exist yet) */
  public ProjectFiles(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /**
   * {@code ~/snap-projects}: a folder with a plain name the user finds next to their documents, that holds nothing but
   * what the assistant saved, so a tool can never reach the user's other files (a shell start-up file, keys, code).
   */
  public static Path defaultFolder() {
    return Path.of(System.getProperty("user.home"), "snap-projects");
  }

  /** The projects folder. */
  public Path root() {
    return root;
  }

  /** The path {@code given} names, checked against the rules that need no file: inside the folder, {@code .xml}. */
  Path resolve(String given) {
    String expanded = given.startsWith("~/") ? System.getProperty("user.home") + given.substring(1) : given;
    Path path;
    try {
      path = root.resolve(expanded).normalize();
    } catch (InvalidPathException e) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "'" + given + "' is not a valid path.", null);
    }
    if (!path.startsWith(root) || path.equals(root)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "'" + given + "' is outside the projects folder " + root + ": project "
          + "files are read and written only there (give a name like game.xml, or a path inside it; the user chooses "
          + "the folder with `snap-mcp serve --projects-dir DIR`).", null);
    }
    if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "'" + given + "' does not end in .xml: project files are Snap! XML.", null);
    }
    return path;
  }

  /** The text of the project file {@code given}; anything else is the same answer, whatever the reason. */
  String read(String given) {
    Path path = resolve(given);
    String none = "There is no Snap! project at " + path + " (a project file is a .xml file Snap! wrote, at most 8 MiB, in "
        + root + "). Nothing changed.";
    try {
      Path real = path.toRealPath();
      if (!real.startsWith(root.toRealPath()) || !Files.isRegularFile(real) || Files.size(real) > MAX_BYTES) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, none, null);
      }
      String xml = utf8(Files.readAllBytes(real));
      if (xml == null || !ProjectXml.isProject(xml)) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, none, null);
      }
      return xml;
    } catch (IOException | SecurityException e) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, none, null);
    }
  }

  /**
   * Writes {@code xml} (a project: checked) to the file {@code given}: replacing an existing file only with {@code
   * overwrite} and only if it is a project itself; through a temporary file and an atomic move, so a reader never
   * sees half a file. Makes no folder but the projects folder itself (its parent must exist).
   *
   * @return the file written
   */
  Path write(String given, String xml, boolean overwrite, ConnectionState state) {
    Path path = resolve(given);
    if (!ProjectXml.isProject(xml)) {
      throw new ToolError(ToolErrorCode.SNAP_ERROR, "The tab handed over something that is not a Snap! project (no "
          + "well-formed <project> XML); nothing was written.", state);
    }
    try {
      if (path.getParent().equals(root) && !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(root);
      }
      Path parent = path.getParent();
      if (!Files.isDirectory(parent)) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, "There is no folder " + parent + ": snap_save_project makes no "
            + "folders. Save in " + root + " or a folder that exists in it.", state);
      }
      Path realParent = parent.toRealPath();
      if (!realParent.startsWith(root.toRealPath())) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, parent + " leads out of the projects folder " + root
            + " (a symbolic link): nothing was written.", state);
      }
      Path target = realParent.resolve(path.getFileName());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (!overwrite) {
          throw new ToolError(ToolErrorCode.FILE_EXISTS, path + " already exists. Choose another name, or pass "
              + "overwrite=true to replace it.", state);
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !isProjectFile(target)) {
          throw new ToolError(ToolErrorCode.FILE_EXISTS, path + " exists and is not a Snap! project (or is a symbolic "
              + "link): snap-mcp never replaces it. Choose another name.", state);
        }
      }
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      Path temporary = Files.createTempFile(realParent, ".snap-mcp-", ".xml.tmp");
      try {
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
      return path;
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "a folder on the way does not exist" : e.getMessage();
      throw new ToolError(ToolErrorCode.IO_ERROR, "Cannot write " + path + ": " + why, state);
    }
  }

  private static boolean isProjectFile(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      String xml = utf8(in.readNBytes((int) MAX_BYTES));
      return xml != null && ProjectXml.isProject(xml);
    }
  }

  /** The bytes as UTF-8, or null when they are not UTF-8 (no project is anything else). */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
