package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The PostgreSQL store as the store scenario uses it: the workers update through snap-mcp's own store
 * (store-postgres, opened by URL as {@code --store} opens it); the reader reads the two tables directly, as
 * docs/store-format.md describes them, each read one {@code REPEATABLE READ} snapshot of the revision and every
 * session, so it sees exactly what one moment of the database held.
 */
final class PostgresStore {

  /** How long the reader keeps trying through a restarting server before a read counts as failed. */
  private static final Duration READ_RETRY_FOR = Duration.ofSeconds(30);

  private PostgresStore() {}

  /** Opens the store for a worker's updates. */
  static StressTarget open(StoreLocation where) {
    SessionStore store = SessionStores.open(where.requireUrl(), where.dir(), Clock.systemUTC());
    return new StressTarget() {
      @Override
      public Session update(String id, UnaryOperator<Session> change) {
        return store.update(id, change);
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  /** Every session as committed, through the store itself (the way the next snap-mcp process reads them). */
  static Map<String, Session> readAll(StoreLocation where) {
    try (SessionStore store = SessionStores.open(where.requireUrl(), where.dir(), Clock.systemUTC())) {
      Map<String, Session> all = new LinkedHashMap<>();
      store.list().forEach(s -> all.put(s.id(), s));
      return all;
    }
  }

  /**
   * The reader: one snapshot per read on a connection of its own. A read that fails because the server is restarting
   * is made again once it is back (that is no torn read: a reader of a restarting database waits, as every client
   * does); one that cannot be made for {@link #READ_RETRY_FOR} is reported as torn.
   */
  static UnlockedReader reader(StoreLocation where) {
    String url = where.requireUrl();
    return new UnlockedReader() {
      private Connection c;

      @Override
      public Snapshot read() throws TornRead {
        long deadline = System.nanoTime() + READ_RETRY_FOR.toNanos();
        while (true) {
          try {
            return snapshot();
          } catch (SQLException e) {
            closeQuietly();
            if (System.nanoTime() > deadline) {
              throw new TornRead("postgres read failed for " + READ_RETRY_FOR.toSeconds() + " s: " + e.getMessage());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the server is restarting: pace the retries
          } catch (RuntimeException e) {
            throw new TornRead("postgres read failed: " + e.getMessage());
          }
        }
      }

      private Snapshot snapshot() throws SQLException {
        if (c == null) {
          c = HarnessDatabase.connect(url);
          c.setAutoCommit(false);
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
        }
        try (Statement s = c.createStatement()) {
          long revision;
          try (ResultSet rs = s.executeQuery("SELECT (SELECT commits FROM store)"
              + " + (SELECT coalesce(sum(commits), 0) FROM sessions)")) {
            rs.next();
            revision = rs.getLong(1);
          }
          Map<String, Long> counts = new HashMap<>();
          int hash = 1;
          try (ResultSet rs = s.executeQuery("SELECT id, session::text FROM sessions ORDER BY id")) {
            while (rs.next()) {
              String json = rs.getString(2);
              hash = 31 * hash + json.hashCode();
              counts.put(rs.getString(1), SlotCounter.count(Json.mapper().readValue(json, Session.class)));
            }
          }
          c.commit();
          return new Snapshot(revision, hash, counts);
        }
      }

      private void closeQuietly() {
        if (c != null) {
          try {
            c.close();
          } catch (SQLException ignored) {
            // the connection is gone already
          }
          c = null;
        }
      }

      @Override
      public void close() {
        closeQuietly();
      }
    };
  }
}
