package dev.snapmcp.core;

import java.nio.file.Path;

/** A child process for {@link StateFilesTest}: appends {@code NAME-i} lines to a private file, {@code COUNT} times. */
public final class PrivateFileUpdaterMain {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String name = args[1];
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      String line = name + "-" + i + "\n";
      StateFiles.updatePrivate(file, text -> text.orElse("") + line);
    }
  }
}
