package dev.snapmcp.harness;

import java.nio.file.Path;
import java.util.List;

/**
 * Where one run's store lives: its state folder, and for PostgreSQL the URL of the run's own schema (null for the
 * stores that live in the folder). Workers and the reader get it as two arguments.
 */
record StoreLocation(Path dir, String url) {

  /** No URL, as an argument. */
  private static final String NONE = "-";

  static StoreLocation folder(Path dir) {
    return new StoreLocation(dir, null);
  }

  /** The two arguments a worker or the reader is started with. */
  List<String> asArgs() {
    return List.of(dir.toString(), url == null ? NONE : url);
  }

  /** Reads what {@link #asArgs} wrote, from {@code args[at]} and {@code args[at + 1]}. */
  static StoreLocation fromArgs(String[] args, int at) {
    return new StoreLocation(Path.of(args[at]), NONE.equals(args[at + 1]) ? null : args[at + 1]);
  }

  /** The URL, required: a PostgreSQL run without one is a harness bug. */
  String requireUrl() {
    if (url == null) {
      throw new IllegalStateException("a PostgreSQL run needs its schema's URL");
    }
    return url;
  }
}
