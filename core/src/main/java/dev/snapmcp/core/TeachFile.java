package dev.snapmcp.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@value StateFiles#TEACH} in the state folder: the teacher's settings ({@link TeachSettings}), shared by every
 * process. A file of its own beside the session store rather than a part of its document: it is a machine setting that
 * a person changes a few times a day, it must be read on every tool call without the store's lock, and it stays the
 * same whichever store (file or PostgreSQL) keeps the sessions.
 *
 * <pre>{@code
 * {"version":1,"mode":"guide","sessions":{"sess_…":"observe"},"logRetentionDays":30,
 *  "lock":{"kdf":"PBKDF2WithHmacSHA256","iterations":600000,"salt":"…","hash":"…"}}
 * }</pre>
 *
 * Written like every private file of the folder ({@link StateFiles#writePrivate}: 0600, atomic rename, never through a
 * link); a change reads, changes and writes it under {@code teach.json.lock} (an OS lock, and one lock in this JVM),
 * so two commands at once never lose one another's change. No file means {@link TeachSettings#DEFAULT}.
 */
public final class TeachFile {

  private static final Object IN_PROCESS = new Object();

  private TeachFile() {}

  /**
   * The settings now.
   *
   * @throws StoreException {@code CORRUPT} if the file is not valid (it is left as it is: a person fixes or deletes
   *     it), {@code IO} if it cannot be read
   */
  public static TeachSettings read(Path stateDir) {
    Path file = StateFiles.teach(stateDir);
    Optional<String> text;
    try {
      text = StateFiles.readPrivate(file);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return text.isEmpty() ? TeachSettings.DEFAULT : parse(file, text.get());
  }

  /** Changes the settings atomically: {@code change} gets the current ones and returns the new ones (or throws). */
  public static TeachSettings update(Path stateDir, UnaryOperator<TeachSettings> change) {
    Path dir = stateDir.toAbsolutePath();
    synchronized (IN_PROCESS) {
      try {
        Permissions.ensurePrivateFolder(dir);
        Path lockFile = dir.resolve(StateFiles.TEACH + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile,
                Permissions.createOptions(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                Permissions.privateFileAttributes(dir));
            FileLock ignored = channel.lock()) {
          TeachSettings changed = change.apply(read(dir));
          StateFiles.writePrivate(StateFiles.teach(dir), format(changed));
          return changed;
        }
      } catch (IOException e) {
        throw new StoreException(StoreException.Kind.IO, "cannot write " + StateFiles.teach(dir) + ": "
            + e.getMessage(), e);
      }
    }
  }

  static String format(TeachSettings settings) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("version", 1);
    root.put("mode", settings.mode().wire());
    ObjectNode sessions = root.putObject("sessions");
    new TreeMap<>(settings.sessions()).forEach((id, mode) -> sessions.put(id, mode.wire()));
    root.put("logRetentionDays", settings.logRetentionDays());
    if (settings.lock() != null) {
      ObjectNode lock = root.putObject("lock");
      lock.put("kdf", Passphrase.ALGORITHM);
      lock.put("iterations", settings.lock().iterations());
      lock.put("salt", settings.lock().salt());
      lock.put("hash", settings.lock().hash());
    }
    return root.toPrettyString() + "\n";
  }

  static TeachSettings parse(Path file, String text) {
    try {
      JsonNode root = Json.mapper().readTree(text);
      TeachMode mode = mode(root.get("mode"), file);
      Map<String, TeachMode> sessions = new TreeMap<>();
      JsonNode given = root.path("sessions");
      if (!given.isMissingNode() && !given.isObject()) {
        throw corrupt(file, "'sessions' is not an object");
      }
      for (Map.Entry<String, JsonNode> entry : given.properties()) {
        sessions.put(entry.getKey(), mode(entry.getValue(), file));
      }
      int days = root.path("logRetentionDays").asInt(TeachSettings.DEFAULT_RETENTION_DAYS);
      Passphrase lock = null;
      JsonNode l = root.get("lock");
      if (l != null && !l.isNull()) {
        if (!Passphrase.ALGORITHM.equals(l.path("kdf").asString("")) || !l.path("iterations").isInt()
            || l.path("iterations").asInt() < 1 || !l.path("salt").isString() || !l.path("hash").isString()) {
          throw corrupt(file, "'lock' is not a PBKDF2WithHmacSHA256 passphrase hash");
        }
        lock = new Passphrase(l.get("iterations").asInt(), l.get("salt").asString(), l.get("hash").asString());
      }
      return new TeachSettings(mode, sessions, lock, days);
    } catch (JacksonException | IllegalArgumentException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  private static TeachMode mode(JsonNode node, Path file) {
    String name = node == null ? null : node.asString(null);
    return TeachMode.parse(name).orElseThrow(() -> corrupt(file, "'" + name + "' is not a mode (build, guide, observe)"));
  }

  private static StoreException corrupt(Path file, String why) {
    return new StoreException(StoreException.Kind.CORRUPT, file + " is damaged (" + why + "): fix it or delete it "
        + "(the defaults are build mode, no lock)");
  }
}
