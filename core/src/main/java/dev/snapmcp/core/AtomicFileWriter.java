package dev.snapmcp.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file durably and atomically: write a temporary file beside it ({@code NAME.<pid>.<n>.tmp}, mode 0600),
 * force it, rename it over the target, force the folder. Readers see the old file or the new one, never a mix. The
 * rename replaces a symbolic link of the target's name, never the file it points to.
 * {@code sessions.json} is replaced only by the holder of the store's lock; the other files of the state folder by
 * their one writer, through {@link StateFiles}.
 */
final class AtomicFileWriter {

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final long PID = ProcessHandle.current().pid();

  private AtomicFileWriter() {}

  static void replace(Path target, byte[] content) throws IOException {
    Path dir = target.getParent();
    Path temp = dir.resolve(target.getFileName() + "." + PID + "." + SEQUENCE.incrementAndGet() + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel out = createTemp(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      forceFolder(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Creates the temporary file. One with the same name can only be a killed writer's whose pid this process now has
   * (pids are reused, and every JVM counts from 1): the name carries this process's pid and a number it never hands
   * out twice, so no live writer is writing one. It is deleted and created afresh instead of failing the commit.
   */
  private static FileChannel createTemp(Path temp) throws IOException {
    try {
      return openNew(temp);
    } catch (FileAlreadyExistsException leftByADeadWriter) {
      Files.delete(temp); // a link of that name is deleted as a link
      return openNew(temp);
    }
  }

  private static FileChannel openNew(Path temp) throws IOException {
    return FileChannel.open(temp, Permissions.createOptions(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
        LinkOption.NOFOLLOW_LINKS), Permissions.privateFileAttributes(temp.getParent()));
  }

  /** Makes a rename in {@code dir} durable. */
  static void forceFolder(Path dir) throws IOException {
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    }
  }

  /** Whether {@code name} is a temporary file of {@code targetName} written by this class. */
  static boolean isTemp(String targetName, String name) {
    return name.startsWith(targetName + ".") && name.endsWith(".tmp");
  }
}
