package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state folder is private (0700) and so is every file in it (0600): they hold token hashes. The folder must belong
 * to the user running snap-mcp, and a file's mode is repaired on the file itself, never through a symbolic link.
 */
final class Permissions {

  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private Permissions() {}

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  static boolean posix(Path dir) {
    return POSIX;
  }

  static FileAttribute<?>[] privateFileAttributes(Path dir) {
    return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }

  static Set<OpenOption> createOptions(OpenOption... more) {
    Set<OpenOption> options = new HashSet<>(List.of(more));
    options.add(StandardOpenOption.CREATE);
    return options;
  }

  /**
   * Creates the folder (0700) if needed, checks that it belongs to this user before anything in it is touched, and
   * repairs its mode.
   *
   * @throws StoreException ({@code IO}) if the folder belongs to another user
   */
  static void ensurePrivateFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        if (POSIX) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
          Files.createDirectory(dir);
        }
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another process created it first: fine, it is checked below
      }
    }
    checkOwner(dir);
    if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(FOLDER)) {
      Files.setPosixFilePermissions(dir, FOLDER);
    }
  }

  /**
   * Repairs a file's mode to 0600 if it exists, on the file itself: the view does not follow links, so a link swapped in
   * after the check fails instead of changing its target.
   *
   * @throws FileReads.Refused if it is a symbolic link or not a regular file
   */
  static void repairFile(Path file) throws IOException {
    FileReads.checkRegularIfPresent(file);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !posix(file.getParent())) {
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (!view.readAttributes().permissions().equals(FILE)) {
      view.setPermissions(FILE);
    }
  }

  /**
   * Refuses a folder whose owner (its {@code unix:uid}) is not the user this process runs as ({@code getuid()}, read
   * through the JDK's {@code UnixSystem}). Above all for root, whom the folder's mode does not stop: root running
   * snap-mcp on a user's folder would otherwise repair its modes and write root-owned files into it.
   */
  private static void checkOwner(Path dir) throws IOException {
    if (!UNIX) {
      return;
    }
    int owner = (Integer) Files.getAttribute(dir, "unix:uid");
    long me = UserId.CURRENT;
    if (owner != me) {
      throw new StoreException(StoreException.Kind.IO,
          "the state folder " + dir + " is owned by uid " + owner + ", not by this user (uid " + me + "): snap-mcp"
              + " keeps each user's sessions in a folder of their own. Run snap-mcp as that user, or choose a folder"
              + " of yours with --state-dir (or SNAP_MCP_STATE_DIR)");
    }
  }

  /** This process's user id, read once (a JNI call) when a folder is first checked. */
  private static final class UserId {
    static final long CURRENT = new com.sun.security.auth.module.UnixSystem().getUid();
  }
}
