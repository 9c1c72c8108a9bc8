package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.testing.MutableClock;
import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the file store does beyond the store contract ({@code FileSessionStoreContractTest} runs that): its file, in one
 * process. Other processes are {@code CrossProcessStoreTest}'s; damaged files are {@code DamagedFileTest}'s.
 */
class FileSessionStoreTest {

  private final TempStateDir state = TempStateDir.create();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

  @AfterEach
  void cleanUp() {
    state.close();
  }

  /** The rest of what a new session is, every store's, is in {@code SessionStoreContract}. */
  @Test
  void createsSessionWithHashedTokenOnly() throws Exception {
    try (SessionStore store = state.open(clock)) {
      NewSession created = store.create(Duration.ofMinutes(30));
      Session s = created.session();
      assertTrue(Scram.Verifier.parse(s.tokenHash()).orElseThrow().matches(created.token()));
      String onDisk = Files.readString(state.sessionsFile());
      assertFalse(onDisk.contains(created.token()), "the token itself is never stored");
      JsonNode doc = Json.mapper().readTree(onDisk);
      assertEquals("snap-mcp-sessions", doc.get("format").stringValue());
      assertEquals("1.0", doc.get("version").stringValue());
      assertEquals("2026-01-01T10:00:00Z", doc.get("sessions").get(s.id()).get("createdAt").stringValue());
    }
  }

  @Test
  void historyIsBoundedOldestDroppedFirst() {
    try (SessionStore store = state.open(clock)) {
      String id = store.create(Duration.ofHours(1)).session().id();
      for (int i = 0; i < Session.HISTORY_LIMIT + 5; i++) {
        final int n = i;
        store.update(id, s -> SessionChanges.withEvent(s, new SessionEvent("connected", clock.instant(), "c" + n, null)));
      }
      List<SessionEvent> history = store.get(id).orElseThrow().history();
      assertEquals(Session.HISTORY_LIMIT, history.size());
      assertEquals("c5", history.get(0).connectionId());
      assertEquals("c" + (Session.HISTORY_LIMIT + 4), history.get(history.size() - 1).connectionId());
    }
  }

  @Test
  void unknownFieldsSurviveARewrite() throws Exception {
    try (SessionStore store = state.open(clock)) {
      String id = store.create(Duration.ofHours(1)).session().id();
      store.claimBridge(new BridgeRecord(7, "127.0.0.1", 1, clock.instant(), clock.instant(), null), b -> false);
      String doc = Files.readString(state.sessionsFile());
      var tree = (tools.jackson.databind.node.ObjectNode) Json.mapper().readTree(doc);
      tree.put("version", "1.7");
      tree.put("futureTop", "kept");
      ((tools.jackson.databind.node.ObjectNode) tree.get("sessions").get(id)).putObject("futureSession").put("x", 1);
      ((tools.jackson.databind.node.ObjectNode) tree.get("bridge")).put("futureBridge", true);
      Files.writeString(state.sessionsFile(), Json.mapper().writeValueAsString(tree));

      store.markConnected(id, "c1", ClientInfo.UNKNOWN);
      store.heartbeatBridge(7);
      JsonNode after = Json.mapper().readTree(Files.readString(state.sessionsFile()));
      assertEquals("kept", after.get("futureTop").stringValue());
      assertEquals(1, after.get("sessions").get(id).get("futureSession").get("x").intValue());
      assertTrue(after.get("sessions").get(id).get("connected").booleanValue());
      assertTrue(after.get("bridge").get("futureBridge").booleanValue());
    }
  }

  @Test
  void reusedParsesAndSessionJsonGiveTheSameBytesAsACleanRewrite() throws Exception {
    try (SessionStore store = state.open(clock)) {
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(store.create(Duration.ofHours(1)).session().id());
      }
      for (int i = 0; i < 240; i++) { // past the history limit: the oldest events are dropped
        clock.advance(Duration.ofSeconds(2));
        String id = ids.get(i % ids.size());
        if (i % 3 == 0) {
          store.markConnected(id, "c" + i, new ClientInfo("x", "y", "z"));
        } else {
          store.markDisconnected(id, "c" + (i - 1), "closed");
        }
        byte[] onDisk = Files.readAllBytes(state.sessionsFile());
        byte[] clean = DocumentWriter.write(DocumentCodec.parse(onDisk));
        assertEquals(new String(clean, java.nio.charset.StandardCharsets.UTF_8),
            new String(onDisk, java.nio.charset.StandardCharsets.UTF_8));
        // The spliced bytes are exactly the mapper's compact JSON of the same tree.
        assertEquals(Json.mapper().writeValueAsString(Json.mapper().readTree(onDisk)) + "\n",
            new String(onDisk, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Another writer's document of exactly the same length, in the same file (same inode) with the same modification
   * time: only the content differs, and the next read must see it, never the cached parse of the old content.
   */
  @Test
  void aSameLengthDocumentWithTheSameFileAndTimeIsReadAfresh() throws Exception {
    try (SessionStore store = state.open(clock)) {
      NewSession a = store.create(Duration.ofHours(1));
      String id = a.session().id();
      assertEquals(TokenCheck.VALID, store.verifyToken(id, a.token())); // parsed and cached
      Path file = state.sessionsFile();
      Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      var mtime = Files.getLastModifiedTime(file);
      String before = Files.readString(file);
      String otherHash = Tokens.hash("another token");
      String after = before.replace(a.session().tokenHash(), otherHash);
      assertEquals(before.length(), after.length());
      assertNotEquals(before, after);
      Files.writeString(file, after); // in place: the same inode
      Files.setLastModifiedTime(file, mtime);
      assertEquals(inode,
          Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());

      assertEquals(TokenCheck.REJECTED, store.verifyToken(id, a.token()));
      assertEquals(TokenCheck.VALID, store.verifyToken(id, "another token"));
      assertEquals(otherHash, store.get(id).orElseThrow().tokenHash());
      assertEquals(otherHash, store.list().get(0).tokenHash());
      store.markConnected(id, "c1", ClientInfo.UNKNOWN); // a commit reads afresh too: the other hash survives
      assertEquals(otherHash, Json.mapper().readTree(Files.readString(file)).get("sessions").get(id)
          .get("tokenHash").stringValue());
    }
  }

  @Test
  void folderAndFilesArePrivateAndRepairedOnOpen() throws Exception {
    try (SessionStore store = state.open(clock)) {
      store.create(Duration.ofHours(1));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.path())));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.sessionsFile())));
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(state.path().resolve("sessions.json.lock"))));
    }
    Files.setPosixFilePermissions(state.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(state.sessionsFile(), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(state.path().resolve("sessions.json.lock"),
        PosixFilePermissions.fromString("rw-rw-rw-"));
    try (SessionStore store = state.open(clock)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.path())));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.sessionsFile())));
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(state.path().resolve("sessions.json.lock"))));
    }
  }

  @Test
  void strayTempFilesAreCleanedOnOpen() throws Exception {
    try (SessionStore store = state.open(clock)) {
      store.create(Duration.ofHours(1));
    }
    Path dead = state.path().resolve("sessions.json.99999999.3.tmp"); // no such pid
    Path live = state.path().resolve("sessions.json." + ProcessHandle.current().parent().orElseThrow().pid()
        + ".1.tmp");
    Path oldLive = state.path().resolve("sessions.json." + ProcessHandle.current().parent().orElseThrow().pid()
        + ".2.tmp");
    for (Path p : List.of(dead, live, oldLive)) {
      Files.writeString(p, "{\"half\":");
    }
    Files.setLastModifiedTime(oldLive, java.nio.file.attribute.FileTime.from(
        Instant.now().minus(StrayFiles.STRAY_AGE).minusSeconds(1)));
    try (SessionStore store = state.open(clock)) {
      assertFalse(Files.exists(dead), "a dead writer's temp file goes");
      assertTrue(Files.exists(live), "a live process's recent temp file stays");
      assertFalse(Files.exists(oldLive), "an old one goes whatever its pid (pids are reused)");
      assertEquals(1, store.list().size());
    }
  }

  @Test
  void aTempFileOfAKilledWriterWithOurPidDoesNotFailACommit() throws Exception {
    try (SessionStore store = state.open(clock)) {
      String id = store.create(Duration.ofHours(1)).session().id();
      // A killed writer that had this process's pid (pids are reused) left the names this process writes next; open
      // did not clean them (they look like a live process's).
      long pid = ProcessHandle.current().pid();
      for (int n = 1; n <= 200; n++) {
        Files.writeString(state.path().resolve("sessions.json." + pid + "." + n + ".tmp"), "{\"half\":");
      }
      for (int i = 0; i < 100; i++) {
        store.markConnected(id, "c" + i, ClientInfo.UNKNOWN);
      }
      assertEquals("c99", store.get(id).orElseThrow().connectionId());
    }
  }
}
