package dev.snapmcp.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StoreException;
import dev.snapmcp.core.testing.StoreContractBase;
import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the rows hold (docs/store-format.md, "The PostgreSQL store"): each session as the JSON object sessions.json
 * would hold, the token only as its hash, fields a newer snap-mcp added kept through every change, the revision as
 * the sum of the commits counted on the rows, the prototype's incomplete entries kept as the file keeps them, and a
 * damaged row reported, not guessed at.
 */
class StoredRowsTest {

  private final TestSchema schema = TestSchema.create();
  private final TempStateDir state = TempStateDir.create();
  private final SessionStore store = SessionStores.open(schema.url(), state.path(), Clock.systemUTC());

  @AfterEach
  void close() {
    store.close();
    schema.close();
    state.close();
  }

  @Test
  void aSessionRowIsItsSessionsJsonObjectWithTheTokenOnlyAsItsHash() throws Exception {
    NewSession created = store.create(Duration.ofHours(1));
    String id = created.session().id();
    store.markConnected(id, "c1", new ClientInfo("0.1.0", "10.4", "ua"));
    JsonNode row = Json.mapper().readTree(queryText("SELECT session::text FROM sessions WHERE id = ?", id));
    assertFalse(row.toString().contains(created.token()), "never the token");
    assertEquals(created.session().tokenHash(), row.get("tokenHash").stringValue());
    assertEquals(id, row.get("id").stringValue());
    assertEquals("c1", row.get("connectionId").stringValue());
    assertEquals("connected", row.get("history").get(0).get("type").stringValue());
    assertEquals("true", queryText("SELECT connected::text FROM sessions WHERE id = ?", id));
    assertEquals(created.session().expiresAt(),
        Instant.parse(queryText("SELECT to_char(expires_at AT TIME ZONE 'UTC',"
            + " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM sessions WHERE id = ?", id)));
  }

  @Test
  void fieldsANewerSnapMcpAddedSurviveEveryChange() throws Exception {
    String id = store.create(Duration.ofHours(1)).session().id();
    long pid = ProcessHandle.current().pid();
    Instant now = Instant.now();
    store.claimBridge(new BridgeRecord(pid, "127.0.0.1", 7627, now, now, "0.1.0"), b -> false);
    schema.execute("UPDATE sessions SET session = session || '{\"classroom\": {\"room\": 7}}'");
    schema.execute("UPDATE store SET bridge = bridge || '{\"node\": \"a\"}'");

    store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    store.markDisconnected(id, "c1", "closed");
    assertTrue(store.heartbeatBridge(pid));

    JsonNode session = Json.mapper().readTree(queryText("SELECT session::text FROM sessions WHERE id = ?", id));
    assertEquals(7, session.get("classroom").get("room").intValue());
    assertEquals(2, session.get("history").size());
    JsonNode bridge = Json.mapper().readTree(queryText("SELECT bridge::text FROM store WHERE ? <> ''", "x"));
    assertEquals("a", bridge.get("node").stringValue());
  }

  @Test
  void anImportedPrototypeFileIsKeptInTheRowsAsTheFileStoreKeepsItIncompleteEntriesIncluded() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    Path source = Files.createTempFile("active_sessions", ".json");
    try (TempStateDir fileState = TempStateDir.create();
        SessionStore file = fileState.open(clock);
        SessionStore postgres = SessionStores.open(schema.url(), state.path(), clock)) {
      Files.writeString(source, StoreContractBase.PROTOTYPE_PARTIAL);
      assertEquals(5, file.importSessions(source));
      assertEquals(5, postgres.importSessions(source));
      assertTrue(postgres.revoke("sess_e70d2b9c4f31"), "an incomplete session changes like any other");
      assertTrue(file.revoke("sess_e70d2b9c4f31"));

      JsonNode inFile = Json.mapper().readTree(Files.readString(fileState.sessionsFile())).get("sessions");
      for (String id : List.of("sess_4f1c9a2be07d", "sess_9b27e3d05a18", "sess_c3a81f6d92e4", "sess_e70d2b9c4f31",
          "sess_0a6f5e4d3c2b")) {
        String row = queryText("SELECT session::text FROM sessions WHERE id = ?", id);
        assertFalse(row.contains("hT3kQ9vX2mR7pL0sW8yB4nC6dF1gJ5aZ") || row.contains("Zq8rT1uV4wX7yA0bC3dE6fG9hJ2kL5mN"),
            "tokens only hashed");
        assertEquals(inFile.get(id), Json.mapper().readTree(row), id + ": the row is the file's object");
      }
      JsonNode onlyConnections = Json.mapper().readTree(
          queryText("SELECT session::text FROM sessions WHERE id = ?", "sess_9b27e3d05a18"));
      assertEquals("[\"tokenHash\",\"createdAt\",\"expiresAt\"]", onlyConnections.get("missing").toString());
      assertTrue(onlyConnections.get("tokenHash") == null, "no hash for no token");
      assertEquals("127.0.0.1:53122", onlyConnections.at("/prototype/connections/0/remote").stringValue(),
          "what the format does not take over is kept");
      assertEquals("false", queryText("SELECT expiry_unrecorded::text FROM sessions WHERE id = ?",
          "sess_9b27e3d05a18"), "an unknown expiry is expired, and recorded as such");
    } finally {
      Files.deleteIfExists(source);
    }
  }

  @Test
  void theRevisionCountsEachCommitOnceAcrossPurges() throws Exception {
    String kept = store.create(Duration.ofHours(1)).session().id();
    String revoked = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(kept, "c1", ClientInfo.UNKNOWN);
    assertTrue(store.revoke(revoked));
    assertEquals(4, store.revision());
    assertEquals(1, store.purgeExpired());
    assertEquals(5, store.revision(), "the purge counted once, and the purged row's commits kept");
    assertEquals("3", queryText("SELECT commits::text FROM store WHERE ? <> ''", "x"), "purge + the purged row's 2");
    assertEquals(0, store.purgeExpired());
    store.touch(kept, "not-current");
    assertTrue(store.revoke(revoked) == false);
    assertEquals(5, store.revision(), "what changed nothing committed nothing");
  }

  @Test
  void aDamagedRowIsReportedAsCorruptNamingTheStore() {
    String id = store.create(Duration.ofHours(1)).session().id();
    schema.execute("UPDATE sessions SET session = session - 'createdAt'");
    StoreException e = assertThrows(StoreException.class, () -> store.get(id));
    assertEquals(StoreException.Kind.CORRUPT, e.kind());
    assertTrue(e.getMessage().contains(id) && e.getMessage().contains("createdAt")
        && e.getMessage().contains("postgresql://"), e.getMessage());
  }

  @Test
  void everyConnectionCommitsDurablyWhateverTheServersDefault() throws Exception {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      for (String[] defaultAndSet : new String[][] {{"off", "on"}, {"on", "on"}, {"local", "local"},
          {"remote_apply", "remote_apply"}}) {
        s.execute("SET synchronous_commit = " + defaultAndSet[0]);
        s.execute(Database.SESSION_SETTINGS);
        assertEquals(defaultAndSet[1], show(s, "synchronous_commit"), "from " + defaultAndSet[0]);
        assertEquals(Database.LOCK_TIMEOUT, show(s, "lock_timeout"));
      }
    }
  }

  private static String show(Statement s, String setting) throws Exception {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private String queryText(String sql, String param) throws Exception {
    try (Connection c = schema.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, param);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), sql);
        return rs.getString(1);
      }
    }
  }
}
