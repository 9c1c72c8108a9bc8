package dev.snapmcp.core;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child process that takes the store's OS lock the way docs/store-format.md says another program would, prints
 * {@code locked}, and holds it until its stdin closes.
 */
public final class LockHolderMain {

  public static void main(String[] args) throws Exception {
    Path lockFile = Path.of(args[0]).resolve("sessions.json.lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our stdin
      }
    }
  }
}
