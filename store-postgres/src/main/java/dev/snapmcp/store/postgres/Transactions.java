package dev.snapmcp.store.postgres;

import dev.snapmcp.core.StoreException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each change of the store as one transaction (READ COMMITTED; the rows it changes locked with {@code SELECT …
 * FOR UPDATE}), and carries it through what a shared server does: a lost connection, a server restarting, a deadlock.
 *
 * <p>A transaction that failed before its {@code COMMIT} was rolled back by the server, so it is run again from the
 * start (its work is pure apart from the database), until {@link #RETRY_FOR} has passed. A {@code COMMIT} whose answer
 * was lost is the one doubtful case: the transaction may have committed. Each writing transaction therefore learns its
 * transaction id before committing, and after such a loss asks the server, on another connection, what became of it
 * ({@code pg_xact_status}): committed means done (its result is returned, never applied twice), aborted means run it
 * again. Nothing is acknowledged that is not committed, and nothing committed is run twice.
 */
final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  /** How long a change keeps trying through lost connections and a restarting server before it fails as IO. */
  static final Duration RETRY_FOR = Duration.ofSeconds(30);
  private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(5).toNanos();
  private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(250).toNanos();

  private final Database db;

  Transactions(Database db) {
    this.db = db;
  }

  /** One transaction's work: pure apart from the database, as it may run more than once. */
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** What a transaction's work has at hand: its connection, and the sessions whose waiters to wake. */
  static final class Tx {
    private final Connection connection;
    private final String channel;
    private final Set<String> notify = new LinkedHashSet<>();
    /** Sessions already notified in this transaction (a notification is delivered only if it commits). */
    private final Set<String> notified = new LinkedHashSet<>();
    private String xid;
    private boolean wrote;

    private Tx(Connection connection, String channel) {
      this.connection = connection;
      this.channel = channel;
    }

    Connection connection() {
      return connection;
    }

    /** The channel changed sessions are notified on. */
    String channel() {
      return channel;
    }

    /**
     * Records what a statement of the work already did ahead of time, to save a round trip before the commit: learnt
     * the transaction's id, and notified {@code sessionId} (the session it is about to change).
     */
    void learnt(String transactionId, String sessionId) {
      xid = transactionId;
      notified.add(sessionId);
    }

    /**
     * Records that the transaction changed something: it commits with its id known and wakes these sessions' waiters.
     */
    void wrote(Collection<String> changedSessions) {
      wrote = true;
      notify.addAll(changedSessions);
    }
  }


  /** A read of one statement: no transaction, so nothing to commit or roll back. */
  interface Read<T> {
    T from(Connection c) throws SQLException;
  }

  /** Runs {@code read} in auto-commit mode, again through lost connections until {@link #RETRY_FOR} has passed. */
  <T> T read(String what, Read<T> read) {
    return run(what, null, read);
  }

  /** A failure the work found that only running it again can cure (e.g. a new session's id was taken meanwhile). */
  static final class RunAgain extends RuntimeException {
    RunAgain(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Runs {@code work} in a transaction and commits it. A {@link StoreException} or other runtime exception of the work
   * rolls it back and is thrown as it is.
   */
  <T> T run(String what, Work<T> work) {
    return run(what, work, null);
  }

  private <T> T run(String what, Work<T> work, Read<T> read) {
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    SQLException last = null;
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1) {
        if (System.nanoTime() + pause - deadline > 0) {
          break;
        }
        LockSupport.parkNanos(pause + ThreadLocalRandom.current().nextLong(pause));
        pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
      }
      Attempt<T> outcome = work != null ? attempt(what, work, deadline) : attemptRead(what, read);
      if (outcome.done) {
        return outcome.value;
      }
      last = outcome.failure;
    }
    throw new StoreException(StoreException.Kind.IO, "cannot " + what + " in the PostgreSQL store " + db.url()
        + " (tried for " + RETRY_FOR.toSeconds() + " s): " + (last == null ? "no answer" : last.getMessage()), last);
  }

  private record Attempt<T>(boolean done, T value, SQLException failure) {
    static <T> Attempt<T> done(T value) {
      return new Attempt<>(true, value, null);
    }

    static <T> Attempt<T> again(SQLException failure) {
      return new Attempt<>(false, null, failure);
    }
  }

  private <T> Attempt<T> attempt(String what, Work<T> work, long deadline) {
    String xid = null;
    T value;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        Tx tx = new Tx(c, db.url().channel());
        value = work.run(tx);
        if (!tx.wrote) {
          c.rollback(); // read, found nothing to change: nothing to commit
          return Attempt.done(value);
        }
        xid = finish(tx);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
      try {
        c.commit();
        return Attempt.done(value);
      } catch (SQLException e) {
        if (!isConnectionLoss(e)) {
          return retryable(what, e); // the server answered: it did not commit
        }
        LOG.info("lost the answer to the commit of '{}' ({}); asking the server what became of transaction {}",
            what, e.getMessage(), xid);
        return outcomeOf(xid, value, deadline, e);
      }
    } catch (RunAgain e) {
      LOG.debug("running '{}' again: {}", what, e.getMessage());
      return Attempt.again(null);
    } catch (SQLException e) {
      return retryable(what, e);
    }
  }

  private <T> Attempt<T> attemptRead(String what, Read<T> read) {
    try (Connection c = db.connection()) {
      return Attempt.done(read.from(c));
    } catch (SQLException e) {
      return retryable(what, e);
    }
  }

  /**
   * Learns the transaction's id and notifies the changed sessions' channel (delivered when it commits), unless the work
   * did both ahead of time ({@link Tx#learnt}): then there is no round trip left before the commit.
   */
  private String finish(Tx tx) throws SQLException {
    Set<String> left = new LinkedHashSet<>(tx.notify);
    left.removeAll(tx.notified);
    if (tx.xid != null && left.isEmpty()) {
      return tx.xid;
    }
    try (PreparedStatement s = tx.connection.prepareStatement(
        "SELECT pg_current_xact_id()::text, (SELECT count(pg_notify(?, id)) FROM unnest(?::text[]) AS id)")) {
      s.setString(1, tx.channel);
      s.setArray(2, textArray(tx.connection, left));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** After a commit's answer was lost: what the server says became of {@code xid}, asked until it can answer. */
  private <T> Attempt<T> outcomeOf(String xid, T value, long deadline, SQLException lost) {
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      try (Connection c = db.connection();
          PreparedStatement s = c.prepareStatement("SELECT pg_xact_status(?::xid8)")) {
        s.setString(1, xid);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          String status = rs.getString(1);
          if ("committed".equals(status)) {
            LOG.info("transaction {} had committed", xid);
            return Attempt.done(value);
          }
          if ("aborted".equals(status)) {
            LOG.info("transaction {} had not committed: running it again", xid);
            return Attempt.again(lost);
          }
          if (status == null) {
            throw new StoreException(StoreException.Kind.IO, "the PostgreSQL store " + db.url() + " can no longer"
                + " say whether transaction " + xid + " committed; the change may or may not have been made", lost);
          }
          // "in progress": the old connection's server process has not finished it yet
        }
      } catch (SQLException e) {
        if (!isTransient(e)) {
          throw new StoreException(StoreException.Kind.IO, "cannot learn whether transaction " + xid + " committed"
              + " in the PostgreSQL store " + db.url() + ": " + e.getMessage(), e);
        }
      }
      if (System.nanoTime() + pause - deadline > 0) {
        throw new StoreException(StoreException.Kind.IO, "the PostgreSQL store " + db.url() + " did not say in "
            + RETRY_FOR.toSeconds() + " s whether transaction " + xid + " committed; the change may or may not have"
            + " been made", lost);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  private <T> Attempt<T> retryable(String what, SQLException e) {
    if ("55P03".equals(e.getSQLState())) { // lock_timeout: another transaction held the row too long
      throw new StoreException(StoreException.Kind.BUSY, "cannot " + what + ": a session row of the PostgreSQL store "
          + db.url() + " stayed locked by another transaction for " + Database.LOCK_TIMEOUT, e);
    }
    if (!isTransient(e)) {
      throw new StoreException(StoreException.Kind.IO, "cannot " + what + " in the PostgreSQL store " + db.url()
          + ": " + e.getMessage(), e);
    }
    LOG.debug("'{}' failed ({}: {}); trying again", what, e.getSQLState(), e.getMessage());
    return Attempt.again(e);
  }

  /** The connection (or the server behind it) went away: whatever was in flight is unknown or rolled back. */
  static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || state == null
        || state.startsWith("08") // connection exception
        || state.equals("57P01") // admin_shutdown: the server is stopping
        || state.equals("57P02") // crash_shutdown
        || state.equals("57P03"); // cannot_connect_now: starting up or shutting down
  }

  /** Failures that running the transaction again can get past. */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return isConnectionLoss(e)
        || "40001".equals(state) // serialization_failure
        || "40P01".equals(state) // deadlock_detected
        || "53300".equals(state); // too_many_connections
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone or the transaction already failed: the server rolls it back
    }
  }

  /** The string array parameter {@code values} on {@code c}. */
  static Array textArray(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("text", new ArrayList<>(values).toArray(new String[0]));
  }
}
