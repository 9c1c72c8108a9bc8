package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.sqlite.SQLiteConfig;

/**
 * The store a user might otherwise pick, measured with the same workload: SQLite (xerial sqlite-jdbc) in WAL mode with
 * {@code synchronous=FULL} (a commit is durable when it returns, as ours is) and a busy timeout, one row per session
 * holding the session's JSON, and a revision counter bumped by every commit. Each update is one {@code BEGIN
 * IMMEDIATE} transaction: read the row, change it, write it back.
 */
final class SqliteStore implements StressTarget {

  static final String FILE_NAME = "stress.db";
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Connection db;
  private final Statement control;
  private final PreparedStatement select;
  private final PreparedStatement write;
  private final PreparedStatement bump;

  private SqliteStore(Connection db) throws SQLException {
    this.db = db;
    this.control = db.createStatement();
    this.select = db.prepareStatement("SELECT json FROM sessions WHERE id = ?");
    this.write = db.prepareStatement("UPDATE sessions SET json = ? WHERE id = ?");
    this.bump = db.prepareStatement("UPDATE meta SET revision = revision + 1");
  }

  /** Opens the database in {@code stateDir} for updates (a writer's connection). */
  static SqliteStore open(Path stateDir) {
    try {
      return new SqliteStore(connect(stateDir));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /** Creates the database with these sessions (revision 0). */
  static void create(Path stateDir, Collection<Session> sessions) {
    try (Connection c = connect(stateDir)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL"); // kept in the database file: every later connection uses WAL
        s.execute("BEGIN IMMEDIATE");
        s.executeUpdate("CREATE TABLE sessions (id TEXT PRIMARY KEY, json TEXT NOT NULL)");
        s.executeUpdate("CREATE TABLE meta (revision INTEGER NOT NULL)");
        s.executeUpdate("INSERT INTO meta VALUES (0)");
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO sessions VALUES (?, ?)")) {
        for (Session session : sessions) {
          insert.setString(1, session.id());
          insert.setString(2, Json.mapper().writeValueAsString(session));
          insert.executeUpdate();
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("COMMIT");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    try {
      control.execute("BEGIN IMMEDIATE"); // the write lock first (waits up to the busy timeout), then read
      select.setString(1, id);
      Session current;
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no session " + id);
        }
        current = Json.mapper().readValue(rs.getString(1), Session.class);
      }
      Session next = change.apply(current);
      write.setString(1, Json.mapper().writeValueAsString(next));
      write.setString(2, id);
      write.executeUpdate();
      bump.executeUpdate();
      control.execute("COMMIT"); // durable when it returns: WAL with synchronous=FULL
      return next;
    } catch (SQLException | RuntimeException e) {
      try {
        control.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // the update failed either way; the first error says why
      }
      throw new IllegalStateException("sqlite update of " + id + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close " + FILE_NAME + ": " + e.getMessage(), e);
    }
  }

  /** A reader's connection: each read is one (deferred) read transaction, so it sees one committed state. */
  static UnlockedReader reader(Path stateDir) {
    Connection c;
    try {
      c = connect(stateDir);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
    return new UnlockedReader() {
      @Override
      public Snapshot read() throws TornRead {
        try (Statement s = c.createStatement()) {
          s.execute("BEGIN"); // one read transaction: both queries see the same committed state
          long revision;
          try (ResultSet rs = s.executeQuery("SELECT revision FROM meta")) {
            revision = rs.next() ? rs.getLong(1) : -1;
          }
          Map<String, Long> counts = new HashMap<>();
          int hash = 1;
          try (ResultSet rs = s.executeQuery("SELECT id, json FROM sessions ORDER BY id")) {
            while (rs.next()) {
              String json = rs.getString(2);
              hash = 31 * hash + json.hashCode();
              counts.put(rs.getString(1), SlotCounter.count(Json.mapper().readValue(json, Session.class)));
            }
          }
          s.execute("COMMIT");
          return new Snapshot(revision, hash, counts);
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw new TornRead("sqlite read failed: " + e.getMessage());
        }
      }

      @Override
      public void close() {
        try {
          c.close();
        } catch (SQLException ignored) {
          // a reader's close loses nothing
        }
      }
    };
  }

  /** Every session as committed, by id (after the run, from a fresh connection). */
  static Map<String, Session> readAll(Path stateDir) {
    try (Connection c = connect(stateDir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, json FROM sessions ORDER BY id")) {
      Map<String, Session> all = new LinkedHashMap<>();
      while (rs.next()) {
        all.put(rs.getString(1), Json.mapper().readValue(rs.getString(2), Session.class));
      }
      return all;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A connection in auto-commit mode: transactions are begun explicitly, so none is held open between updates (the
   * driver's own transaction handling would begin the next one right after each commit, holding the lock).
   */
  private static Connection connect(Path stateDir) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return config.createConnection("jdbc:sqlite:" + stateDir.resolve(FILE_NAME));
  }

  private static void rollbackQuietly(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // nothing was written by a reader
    }
  }
}
