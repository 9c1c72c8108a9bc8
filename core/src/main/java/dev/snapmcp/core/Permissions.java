package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The state folder is private (0700) and so is every file in it (0600): they hold token hashes. */
final class Permissions {

  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private Permissions() {}

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

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

  /** Creates the folder (0700) if needed and repairs its mode. */
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
    if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(FOLDER)) {
      Files.setPosixFilePermissions(dir, FOLDER);
    }
  }

  /** Repairs a file's mode to 0600 if it exists. */
  static void repairFile(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && posix(file.getParent())
        && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }
}
