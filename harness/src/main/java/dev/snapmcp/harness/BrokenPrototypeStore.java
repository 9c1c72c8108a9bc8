package dev.snapmcp.harness;

import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DELIBERATELY BROKEN: the prototype's design, kept only so the stress scenario can prove its checker catches lost
 * updates and torn reads. Its "lock" merely opens a lock file (excluding nobody), it rewrites {@code sessions.json}
 * in place (a reader can see it truncated or half written), and it deletes the lock file in {@code finally}. It writes
 * the real store's document format so the same reader and checker apply. Only what the scenario needs is implemented.
 */
final class BrokenPrototypeStore implements SessionStore {

  private final Path dir;
  private final Path file;
  private final Path lockFile;

  BrokenPrototypeStore(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("sessions.json");
    this.lockFile = dir.resolve("sessions.json.prototype-lock");
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public Path stateDir() {
    return dir;
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ObjectNode doc = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(file));
      ObjectNode sessions = (ObjectNode) doc.get("sessions");
      JsonNode current = sessions.get(id);
      if (current == null) {
        throw new StoreException(StoreException.Kind.NOT_FOUND, "no session " + id);
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
      throw new StoreException(StoreException.Kind.IO, "cannot update " + file + ": " + e, e);
    } catch (RuntimeException e) {
      if (e instanceof StoreException) {
        throw e;
      }
      // What the prototype did on a half-written file: fail this call (the caller sees an error, not a hang).
      throw new StoreException(StoreException.Kind.CORRUPT, "cannot parse " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(lockFile); // the other bug: deleting a lock file
      } catch (IOException ignored) {
        // as careless as the original
      }
    }
  }

  @Override
  public Optional<Session> get(String id) {
    try {
      JsonNode s = Json.mapper().readTree(Files.readAllBytes(file)).path("sessions").get(id);
      return s == null ? Optional.empty() : Optional.of(Json.mapper().treeToValue(s, Session.class));
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public long revision() {
    try {
      return Json.mapper().readTree(Files.readAllBytes(file)).path("revision").asLong();
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public void close() {
    // nothing held: that is the point
  }

  private static UnsupportedOperationException notNeeded() {
    return new UnsupportedOperationException("the broken prototype store only does what the stress scenario needs");
  }

  @Override
  public NewSession create(Duration ttl) {
    throw notNeeded();
  }

  @Override
  public List<Session> list() {
    throw notNeeded();
  }

  @Override
  public Session markConnected(String id, String connectionId, ClientInfo client) {
    throw notNeeded();
  }

  @Override
  public Session markDisconnected(String id, String connectionId, String reason) {
    throw notNeeded();
  }

  @Override
  public void touch(String id, String connectionId) {
    throw notNeeded();
  }

  @Override
  public TokenCheck verifyToken(String id, String token) {
    throw notNeeded();
  }

  @Override
  public boolean revoke(String id) {
    throw notNeeded();
  }

  @Override
  public int purgeExpired() {
    throw notNeeded();
  }

  @Override
  public int importSessions(Path source) {
    throw notNeeded();
  }

  @Override
  public Optional<BridgeRecord> bridge() {
    throw notNeeded();
  }

  @Override
  public Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive) {
    throw notNeeded();
  }

  @Override
  public boolean heartbeatBridge(long pid) {
    throw notNeeded();
  }

  @Override
  public void releaseBridge(long pid) {
    throw notNeeded();
  }

  @Override
  public Session await(String id, Predicate<Session> condition, Duration timeout) {
    throw notNeeded();
  }
}
