package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.StateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DELIBERATELY BROKEN: the prototype's design, kept only so the store scenario can prove its checker catches lost
 * updates and torn reads ({@code store --store naive}). Its "lock" merely opens a lock file (excluding nobody), it
 * rewrites {@code sessions.json} in place (a reader can see it truncated or half written), and it deletes the lock
 * file in {@code finally}. It writes the real store's document format, so the same reader and checker apply.
 */
final class NaiveStore implements StressTarget {

  static final String LOCK_FILE_NAME = "sessions.json.prototype-lock";

  private final Path file;
  private final Path lockFile;

  NaiveStore(Path stateDir) {
    this.file = StateFiles.sessions(stateDir);
    this.lockFile = stateDir.resolve(LOCK_FILE_NAME);
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ObjectNode doc = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(file));
      ObjectNode sessions = (ObjectNode) doc.get("sessions");
      JsonNode current = sessions.get(id);
      if (current == null) {
        throw new IllegalStateException("no session " + id);
      }
      Session next = change.apply(Json.mapper().treeToValue(current, Session.class));
      sessions.set(id, Json.mapper().valueToTree(next));
      doc.put("revision", doc.get("revision").asLong() + 1);
      byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(bytes); // in place: the bug
      }
      return next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + file + ": " + e, e);
    } catch (JacksonException | ClassCastException | NullPointerException e) {
      // What the prototype did on a half-written file: fail this call (the caller sees an error, not a hang).
      throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(lockFile); // the other bug: deleting a lock file
      } catch (IOException ignored) {
        // as careless as the original
      }
    }
  }

  @Override
  public void close() {
    // nothing held: that is the point
  }
}
