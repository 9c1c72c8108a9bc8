package dev.snapmcp.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reading the state folder's files without trusting what is on disk: never through a symbolic link (another program
 * could point {@code sessions.json} anywhere), only regular files (a FIFO would block the reader forever), and never
 * more than a bound, decided by the file's size before any of it is read.
 */
final class FileReads {

  /** A file the store will not touch: a symbolic link or not a regular file. The message names it. */
  static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /** A file over its bound; nothing of it was read. */
  static final class TooLarge extends IOException {
    final long size;

    TooLarge(Path file, long size, long limit) {
      super(file + " is " + size + " bytes, over the limit of " + describe(limit));
      this.size = size;
    }
  }

  private FileReads() {}

  /** {@code bytes} as a figure and in MiB or KiB, e.g. {@code 4194304 bytes (4 MiB)}. */
  static String describe(long bytes) {
    String unit = bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    return bytes + " bytes (" + unit + ")";
  }

  /**
   * The whole of {@code file}, refusing a symbolic link, anything but a regular file, and a file over {@code limit}
   * bytes (judged by its size first, and by what is read should it grow meanwhile).
   *
   * @throws NoSuchFileException if there is no such file
   * @throws Refused if it is a symbolic link or not a regular file
   * @throws TooLarge if it is over {@code limit}
   */
  static byte[] read(Path file, int limit) throws IOException {
    return read(file, limit, LinkOption.NOFOLLOW_LINKS);
  }

  /** Like {@link #read(Path, int)} for a file the user named (one to import): a symbolic link is followed. */
  static byte[] readNamed(Path file, int limit) throws IOException {
    return read(file, limit, new LinkOption[0]);
  }

  private static byte[] read(Path file, int limit, LinkOption... links) throws IOException {
    boolean follow = links.length == 0;
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, links);
    checkRegular(file, attributes);
    OpenOption[] options = follow ? new OpenOption[] {StandardOpenOption.READ}
        : new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS}; // a link swapped in meanwhile fails
    try (FileChannel channel = FileChannel.open(file, options)) {
      long size = channel.size();
      if (size > limit) {
        throw new TooLarge(file, size, limit);
      }
      InputStream in = Channels.newInputStream(channel);
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new TooLarge(file, channel.size(), limit);
      }
      return bytes;
    }
  }

  /** Refuses a symbolic link, and anything that exists but is not a regular file; fine when there is nothing. */
  static void checkRegularIfPresent(Path file) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return;
    }
    checkRegular(file, attributes);
  }

  private static void checkRegular(Path file, BasicFileAttributes attributes) throws Refused {
    if (attributes.isSymbolicLink()) {
      throw new Refused(file + " is a symbolic link, and snap-mcp never follows one in its state folder (a link"
          + " could make it read or change another file): replace the link with the file itself, or remove it");
    }
    if (!attributes.isRegularFile()) {
      throw new Refused(file + " is not a regular file: remove it, snap-mcp makes a new one");
    }
  }
}
