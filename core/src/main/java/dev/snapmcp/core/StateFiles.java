package dev.snapmcp.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The state folder's files, named once, and how a private file in it is written and read. Every snap-mcp process
 * finds the same files here; {@link StateDirs} says where the folder is, and {@code docs/store-format.md} describes
 * the store's own files.
 *
 * <pre>{@code
 * StateFiles.writePrivate(StateFiles.bridgeToken(stateDir), token);   // the bridge, on start
 * Optional<String> token = StateFiles.readPrivate(StateFiles.bridgeToken(stateDir)).map(String::strip);
 * }</pre>
 *
 * <p>No file of the folder is ever opened, changed or deleted through a symbolic link. A file written here is
 * replaced the way the store replaces {@code sessions.json}: a temporary file beside it ({@code NAME.<pid>.<n>.tmp},
 * created with mode 0600), forced to disk, renamed over the target (a link of that name is replaced, never followed),
 * the folder forced. A reader sees the old content or the new one, never a mix, and no other user can read it at any
 * moment.
 */
public final class StateFiles {

  /** The session store's document. */
  public static final String SESSIONS = "sessions.json";
  /** The session store's lock file: empty, never deleted or renamed. */
  public static final String SESSIONS_LOCK = SESSIONS + ".lock";
  /** The control API's bearer token: written by the bridge when it starts, removed by it when it stops. */
  public static final String BRIDGE_TOKEN = "bridge.token";
  /** The teacher's settings: mode, per-session modes, the lock (see {@link TeachFile}). */
  public static final String TEACH = "teach.json";

  /**
   * The keys {@code serve --http} accepts as bearer tokens: only their SHA-256 hashes, with an id and a name each.
   * Written by {@code snap-mcp key new|revoke} through {@link #updatePrivate}, read by the HTTP server on each request
   * that carries a key.
   */
  public static final String HTTP_KEYS = "http-keys.json";
  /** The lock {@link #updatePrivate} holds while it changes {@value #HTTP_KEYS}: empty, never deleted. */
  public static final String HTTP_KEYS_LOCK = HTTP_KEYS + ".lock";

  /** The largest {@value #SESSIONS} the store reads or writes: see {@code docs/store-format.md}, "Limits". */
  public static final int SESSIONS_MAX_BYTES = 4 * 1024 * 1024;

  /** The largest private file {@link #readPrivate} reads. */
  static final int PRIVATE_MAX_BYTES = 64 * 1024;

  private StateFiles() {}

  /** {@value #SESSIONS} in {@code stateDir}. */
  public static Path sessions(Path stateDir) {
    return stateDir.resolve(SESSIONS);
  }

  /** {@value #BRIDGE_TOKEN} in {@code stateDir}. */
  public static Path bridgeToken(Path stateDir) {
    return stateDir.resolve(BRIDGE_TOKEN);
  }

  /** {@value #HTTP_KEYS} in {@code stateDir}. */
  public static Path httpKeys(Path stateDir) {
    return stateDir.resolve(HTTP_KEYS);
  }

  /**
   * Changes a private file of the state folder as one step among processes: creates the folder if needed (0700, this
   * user's), takes an exclusive lock on {@code NAME.lock} beside the file (0600, opened without following a link),
   * reads the file ({@link #readPrivate}), and writes what {@code change} makes of it ({@link #writePrivate}) unless
   * that is the same text. Two processes changing the file at once both see their change kept.
   *
   * @return what {@code change} returned
   */
  public static String updatePrivate(Path file, Function<Optional<String>, String> change) throws IOException {
    Path absolute = file.toAbsolutePath();
    Permissions.ensurePrivateFolder(absolute.getParent());
    Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
    synchronized (StateFiles.class) { // a JVM holds one OS lock per file: its threads take turns here
      try (FileChannel channel = FileChannel.open(lockFile,
              Permissions.createOptions(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              Permissions.privateFileAttributes(lockFile.getParent()));
          FileLock held = channel.lock()) {
        Optional<String> before = readPrivate(absolute);
        String after = Objects.requireNonNull(change.apply(before), "change");
        if (!before.equals(Optional.of(after))) {
          writePrivate(absolute, after);
        }
        return after;
      }
    }
  }

  /** {@value #TEACH} in {@code stateDir}. */
  public static Path teach(Path stateDir) {
    return stateDir.resolve(TEACH);
  }

  /**
   * Replaces {@code file} with {@code text} (UTF-8) atomically and durably, mode 0600. The folder must exist (the
   * store creates it, mode 0700).
   *
   * @throws java.nio.file.AtomicMoveNotSupportedException if the folder's file system cannot rename atomically
   * @throws IOException if the file cannot be written
   */
  public static void writePrivate(Path file, String text) throws IOException {
    AtomicFileWriter.replace(file.toAbsolutePath(), text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text (UTF-8) of {@code file}, or empty when there is no such file. A symbolic link, anything but a regular
   * file, or a file over 64 KiB (a token is 43 characters) is refused with an {@link IOException} naming it.
   */
  public static Optional<String> readPrivate(Path file) throws IOException {
    try {
      return Optional.of(new String(FileReads.read(file, PRIVATE_MAX_BYTES), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Deletes {@code file} if it is a regular file (not a link) holding exactly {@code text}: a process that stops
   * removes what it wrote, never what a successor wrote over it since.
   *
   * @return whether it was deleted
   */
  public static boolean deleteIfHolds(Path file, String text) throws IOException {
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && readPrivate(file).orElse("").equals(text)) {
      Files.delete(file);
      return true;
    }
    return false;
  }
}
