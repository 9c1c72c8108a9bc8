package dev.snapmcp.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a run keeps its state: the folder the user named, or a new temporary one that is deleted after a run that
 * went as it should and kept (and named on stdout) for a post-mortem otherwise.
 */
record StateFolder(Path path, boolean temporary) {

  /** Refuses a folder that holds anything (an earlier run's store): each run needs a fresh one. */
  static void requireFresh(Path dir) throws IOException {
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(dir + " is not empty: each run needs a fresh state folder");
        }
      }
    }
  }

  static StateFolder of(Path requested, String prefix) throws IOException {
    return requested != null ? new StateFolder(requested.toAbsolutePath(), false)
        : new StateFolder(Files.createTempDirectory("snap-mcp-harness-" + prefix + "-"), true);
  }

  void cleanUp(boolean asExpected, PrintWriter out) {
    if (!temporary) {
      return;
    }
    if (!asExpected) {
      out.println("state kept for a post-mortem: " + path);
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
