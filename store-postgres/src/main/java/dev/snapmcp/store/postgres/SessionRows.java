package dev.snapmcp.store.postgres;

import dev.snapmcp.core.PartialDocument;
import dev.snapmcp.core.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of the store's two tables (laid out by {@code V1__sessions.sql}, described in docs/store-format.md): reading
 * sessions, selecting and locking the rows a change needs, and writing back what a {@link PartialDocument} says
 * changed. Rows come and go as {@code id -> the session's JSON}, in the store's order.
 */
final class SessionRows {

  private SessionRows() {}

  private static final String COLUMNS = "SELECT id, session::text FROM sessions ";

  // ---------------------------------------------------------------- reads, in any transaction or none

  static Map<String, String> one(Connection c, String id) throws SQLException {
    return select(c, COLUMNS + "WHERE id = ?", s -> s.setString(1, id));
  }

  static Map<String, String> all(Connection c) throws SQLException {
    return select(c, COLUMNS + "ORDER BY seq", s -> { });
  }

  /** The bridge record's JSON, or null. */
  static String bridge(Connection c) throws SQLException {
    return single(c, "SELECT bridge::text FROM store");
  }

  /** The revision: every commit counted once, on the store's row or on one session's row. */
  static long revision(Connection c) throws SQLException {
    String sum = single(c, "SELECT ((SELECT commits FROM store) + (SELECT coalesce(sum(commits), 0) FROM sessions))"
        + "::text");
    return Long.parseLong(sum);
  }

  // ---------------------------------------------------------------- what a change locks

  /** What {@link #lockForChange} locked: the session (none: not there), and the expired sessions of step 2. */
  record Locked(Map<String, String> session, Map<String, String> expired) {}

  /**
   * The hot path in one round trip: locks session {@code id} ({@code SELECT … WHERE id = ? FOR UPDATE}; none: not
   * there), then the expired sessions whose expiry is not recorded yet ({@link #lockExpired}), and learns the
   * transaction's id and notifies {@code id} ahead of time (a notification is delivered only if the transaction
   * commits), which saves the round trip before the commit.
   */
  static Locked lockForChange(Transactions.Tx tx, String id, Instant now) throws SQLException {
    Map<String, String> session = new LinkedHashMap<>();
    Map<String, String> expired = new LinkedHashMap<>();
    String xid = null;
    try (PreparedStatement s = tx.connection().prepareStatement(
        "WITH target AS (SELECT id, session::text AS session FROM sessions WHERE id = ? FOR UPDATE),"
            + " swept AS (SELECT id, session::text AS session, seq FROM sessions WHERE expiry_unrecorded"
            + " AND expires_at <= ? AND id <> ? ORDER BY seq FOR UPDATE SKIP LOCKED),"
            + " tx AS (SELECT pg_current_xact_id()::text AS xid, pg_notify(?, ?) AS notified)"
            + " (SELECT 't', id, session FROM target) UNION ALL (SELECT 'e', id, session FROM swept)"
            + " UNION ALL (SELECT 'x', xid, NULL FROM tx)")) {
      s.setString(1, id);
      s.setObject(2, utc(now));
      s.setString(3, id);
      s.setString(4, tx.channel());
      s.setString(5, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          switch (rs.getString(1)) {
            case "t" -> session.put(rs.getString(2), rs.getString(3));
            case "e" -> expired.put(rs.getString(2), rs.getString(3));
            default -> xid = rs.getString(2);
          }
        }
      }
    }
    tx.learnt(xid, id);
    return new Locked(session, expired);
  }

  /** The store's row, locked: the bridge record's JSON, or null. Taken before any session row, never after. */
  static String lockStore(Connection c) throws SQLException {
    return single(c, "SELECT bridge::text FROM store FOR UPDATE");
  }

  /**
   * Every session marked connected, with every other writer kept out until the transaction ends (the table lock lets
   * readers through): a bridge that takes over disconnects exactly the sessions connected at that moment.
   */
  static Map<String, String> lockConnected(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE sessions IN EXCLUSIVE MODE");
    }
    return select(c, COLUMNS + "WHERE connected ORDER BY seq", s -> { });
  }

  /** The sessions a purge at {@code now} may remove (revoked or expired), locked. */
  static Map<String, String> lockPurgeable(Connection c, Instant now) throws SQLException {
    return select(c, COLUMNS + "WHERE revoked OR expires_at <= ? ORDER BY seq FOR UPDATE",
        s -> s.setObject(1, utc(now)));
  }

  /** Those of {@code ids} the store holds (an import adds the others). */
  static Map<String, String> existing(Connection c, Collection<String> ids) throws SQLException {
    return select(c, COLUMNS + "WHERE id = ANY (?) ORDER BY seq",
        s -> s.setArray(1, Transactions.textArray(c, ids)));
  }

  /**
   * The sessions expired at {@code now} whose expiry is not recorded yet, other than {@code held}, locked; rows another
   * transaction holds are skipped, not waited for (that transaction records them, or the next commit does).
   */
  static Map<String, String> lockExpired(Connection c, Instant now, Collection<String> held) throws SQLException {
    return select(c, COLUMNS + "WHERE expiry_unrecorded AND expires_at <= ? AND NOT (id = ANY (?)) ORDER BY seq"
        + " FOR UPDATE SKIP LOCKED", s -> {
          s.setObject(1, utc(now));
          s.setArray(2, Transactions.textArray(c, held));
        });
  }

  // ---------------------------------------------------------------- writing back

  /**
   * Writes back what {@code part} changed, counting the commit once: on the store's row if the transaction holds it
   * ({@code holdsStore}), else on the first session row it writes. Removed sessions' counts move to the store's row.
   *
   * @throws Transactions.RunAgain when a new session's id was taken meanwhile
   */
  static void writeBack(Transactions.Tx tx, PartialDocument part, boolean holdsStore) throws SQLException {
    if (!part.changed()) {
      return;
    }
    Connection c = tx.connection();
    Map<String, String> written = part.written();
    Set<String> added = part.added();
    Set<String> removed = part.removed();
    long removedCommits = removed.isEmpty() ? 0 : delete(c, removed);
    boolean counted = holdsStore;
    try (PreparedStatement update = c.prepareStatement("UPDATE sessions SET session = ?::jsonb, expires_at = ?,"
            + " revoked = ?, connected = ?, expiry_unrecorded = ?, commits = commits + ? WHERE id = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO sessions (session, expires_at, revoked,"
            + " connected, expiry_unrecorded, commits, id) VALUES (?::jsonb, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING")) {
      for (Map.Entry<String, String> e : written.entrySet()) {
        PreparedStatement s = added.contains(e.getKey()) ? insert : update;
        Session session = part.session(e.getKey()).orElseThrow();
        s.setString(1, e.getValue());
        if (session.expiresAt() == null) {
          s.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          s.setObject(2, utc(session.expiresAt()));
        }
        s.setBoolean(3, session.revoked());
        s.setBoolean(4, session.connected());
        s.setBoolean(5, PartialDocument.expiryUnrecorded(session));
        s.setLong(6, counted ? 0 : 1);
        s.setString(7, e.getKey());
        s.addBatch();
        counted = true;
      }
      checkEach(update.executeBatch(), "a locked session row vanished");
      if (!added.isEmpty() && !allOne(insert.executeBatch())) {
        throw new Transactions.RunAgain("a new session's id was added by another transaction meanwhile");
      }
    }
    if (holdsStore || !counted || removedCommits > 0) {
      // (a transaction that removes sessions or changes the bridge holds the store's row: purges and bridge calls)
      try (PreparedStatement s = c.prepareStatement(part.bridgeChanged()
          ? "UPDATE store SET commits = commits + ?, bridge = ?::jsonb"
          : "UPDATE store SET commits = commits + ?")) {
        s.setLong(1, removedCommits + (counted && !holdsStore ? 0 : 1));
        if (part.bridgeChanged()) {
          s.setString(2, part.bridgeJson());
        }
        s.executeUpdate();
      }
    }
    Set<String> changed = new LinkedHashSet<>(written.keySet());
    changed.addAll(removed);
    tx.wrote(changed);
  }

  /** Deletes the sessions; returns the commits that were counted on their rows. */
  private static long delete(Connection c, Set<String> ids) throws SQLException {
    long commits = 0;
    try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE id = ANY (?) RETURNING commits")) {
      s.setArray(1, Transactions.textArray(c, ids));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          commits += rs.getLong(1);
        }
      }
    }
    return commits;
  }

  private static void checkEach(int[] counts, String problem) {
    if (!allOne(counts)) {
      throw new IllegalStateException(problem);
    }
  }

  private static boolean allOne(int[] counts) {
    for (int n : counts) {
      if (n != 1 && n != Statement.SUCCESS_NO_INFO) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- plumbing

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private static Map<String, String> select(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      Map<String, String> rows = new LinkedHashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getString(2));
        }
      }
      return rows;
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the store's row is missing: was the table emptied by hand?", "P0002");
      }
      return rs.getString(1);
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
