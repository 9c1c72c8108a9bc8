package dev.snapmcp.core.testing;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh state folder ({@code <temp>/snap-mcp-test-*}/state, not yet created: the store creates it 0700) that is
 * deleted with everything in it on {@link #close()}.
 *
 * <pre>{@code
 * try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) { ... }
 * }</pre>
 */
public final class TempStateDir implements AutoCloseable {

  private final Path root;
  private final Path path;

  private TempStateDir(Path root) {
    this.root = root;
    this.path = root.resolve("state");
  }

  public static TempStateDir create() {
    try {
      return new TempStateDir(Files.createTempDirectory("snap-mcp-test-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state folder (pass it as {@code --state-dir}). */
  public Path path() {
    return path;
  }

  /** {@code sessions.json} in the folder. */
  public Path sessionsFile() {
    return path.resolve("sessions.json");
  }

  public SessionStore open() {
    return SessionStores.open(path);
  }

  public SessionStore open(Clock clock) {
    return SessionStores.open(path, clock);
  }

  @Override
  public void close() {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
