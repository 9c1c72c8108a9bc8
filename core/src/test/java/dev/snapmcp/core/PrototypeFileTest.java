package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.testing.MutableClock;
import dev.snapmcp.core.testing.StoreContractBase;
import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The prototype's file as people have it ({@link StoreContractBase#PROTOTYPE_PARTIAL}: entries known only by part of
 * their fields, and fields of its own) in the file store: read in place without calling it damaged, migrated by the
 * first write with every entry and every field the format does not know, which later writes keep; imported the same.
 */
class PrototypeFileTest {

  private static final String FILE = StoreContractBase.PROTOTYPE_PARTIAL;
  private static final List<String> IDS = List.of("sess_4f1c9a2be07d", "sess_9b27e3d05a18", "sess_c3a81f6d92e4",
      "sess_e70d2b9c4f31", "sess_0a6f5e4d3c2b");

  private final TempStateDir state = TempStateDir.create();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

  @AfterEach
  void cleanUp() {
    state.close();
  }

  private JsonNode sessionsOnDisk() throws Exception {
    String text = Files.readString(state.sessionsFile());
    assertFalse(text.contains("hT3kQ9vX2mR7pL0sW8yB4nC6dF1gJ5aZ") || text.contains("Zq8rT1uV4wX7yA0bC3dE6fG9hJ2kL5mN"),
        "tokens are only stored hashed");
    JsonNode doc = Json.mapper().readTree(text);
    assertEquals("snap-mcp-sessions", doc.get("format").stringValue());
    return doc.get("sessions");
  }

  /** What the format does not know of each entry, kept as it was under the session's {@code prototype}. */
  private static void assertKept(JsonNode sessions) {
    assertEquals("ws-139872614", sessions.at("/sess_4f1c9a2be07d/prototype/client_id").stringValue());
    assertEquals("Pong", sessions.at("/sess_4f1c9a2be07d/prototype/project").stringValue());
    assertEquals("127.0.0.1:53122",
        sessions.at("/sess_9b27e3d05a18/prototype/connections/0/remote").stringValue());
    assertEquals("2025-12-31 14:47:55", sessions.at("/sess_9b27e3d05a18/prototype/last_seen").stringValue());
    assertEquals("Room 4", sessions.at("/sess_e70d2b9c4f31/prototype/label").stringValue());
    assertEquals("yesterday", sessions.at("/sess_0a6f5e4d3c2b/prototype/created_at").stringValue(),
        "an unreadable timestamp is kept as it was");
    assertTrue(sessions.at("/sess_c3a81f6d92e4/prototype").isMissingNode(), "nothing beyond what was taken over");
    assertTrue(sessions.at("/sess_4f1c9a2be07d/prototype/connected").isMissingNode(), "connected is not kept");
    for (String id : IDS) {
      assertTrue(sessions.at("/" + id + "/prototype/token").isMissingNode(), "the plain token is never kept");
    }
    assertEquals("[\"tokenHash\",\"createdAt\",\"expiresAt\"]", sessions.at("/sess_9b27e3d05a18/missing").toString());
    assertTrue(sessions.at("/sess_9b27e3d05a18/tokenHash").isMissingNode());
  }

  @Test
  void aFileWithIncompleteEntriesIsReadWholeAndMigratedWithEveryField() throws Exception {
    Files.createDirectories(state.path());
    Files.writeString(state.sessionsFile(), FILE);
    try (SessionStore store = state.open(clock)) {
      assertEquals(IDS.size(), store.list().size(), "no entry dropped, the file not called damaged");
      assertEquals(FILE, Files.readString(state.sessionsFile()), "reading changes nothing");
      assertEquals(TokenCheck.VALID, store.verifyToken("sess_4f1c9a2be07d", "hT3kQ9vX2mR7pL0sW8yB4nC6dF1gJ5aZ"));

      store.markConnected("sess_4f1c9a2be07d", "c1", ClientInfo.UNKNOWN); // the first write migrates
      assertEquals(1, store.revision());
      assertKept(sessionsOnDisk());
      assertEquals(FILE, Files.readString(onlyAside("prototype")), "the original is kept beside it");

      clock.advance(java.time.Duration.ofSeconds(5));
      assertTrue(store.revoke("sess_e70d2b9c4f31"));
      store.markDisconnected("sess_4f1c9a2be07d", "c1", "closed");
      assertKept(sessionsOnDisk());
    }
    try (SessionStore again = state.open(clock)) {
      assertEquals(IDS.size(), again.list().size());
      assertEquals(List.of(Session.MISSING_TOKEN), again.get("sess_e70d2b9c4f31").orElseThrow().missing());
      assertTrue(again.get("sess_e70d2b9c4f31").orElseThrow().revoked());
    }
  }

  @Test
  void importKeepsEveryFieldOfEveryEntryInTheFile() throws Exception {
    Path elsewhere = state.path().resolveSibling("active_sessions.json");
    Files.writeString(elsewhere, FILE);
    try (SessionStore store = state.open(clock)) {
      store.create(java.time.Duration.ofHours(1));
      assertEquals(IDS.size(), store.importSessions(elsewhere));
      assertKept(sessionsOnDisk());
      store.purgeExpired(); // removes only what has expired: the ones without a known expiry, and 0a6f5e
      JsonNode left = sessionsOnDisk();
      assertEquals(List.of("sess_4f1c9a2be07d", "sess_e70d2b9c4f31"), IDS.stream().filter(left::has).toList());
      assertEquals("Room 4", left.at("/sess_e70d2b9c4f31/prototype/label").stringValue());
    }
  }

  private Path onlyAside(String what) throws Exception {
    try (Stream<Path> files = Files.list(state.path())) {
      List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("sessions.json." + what + "-"))
          .toList();
      assertEquals(1, aside.size(), aside.toString());
      return aside.get(0);
    }
  }
}
