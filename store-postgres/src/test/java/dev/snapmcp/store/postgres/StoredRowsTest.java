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
import dev.snapmcp.core.testing.TempStateDir;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the rows hold (docs/store-format.md, "The PostgreSQL store"): each session as the JSON object sessions.json
 * would hold, the token only as its hash, fields a newer snap-mcp added kept through every change, the revision as
 * the sum of the commits counted on the rows, and a damaged row reported, not guessed at.
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
