package dev.snapmcp.store.postgres;

import dev.snapmcp.core.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code await} wakes on: one thread per store holds a connection of its own that {@code LISTEN}s on the store's
 * channel, where every commit notifies the ids of the sessions it changed (delivered when it commits), and wakes the
 * waiters of those sessions. It starts with the first waiter and runs until the store closes.
 *
 * <p>No change is missed: a waiter registers, then waits until the listener is listening, and only then reads the
 * session; a commit after that read is notified to it. When the listening connection is lost (the server restarted),
 * notifications sent meanwhile are lost with it, so once the listener listens again it wakes every waiter to read
 * again. Nothing here polls the sessions: the thread blocks in {@link PGConnection#getNotifications(int)}, whose
 * timeout only lets it see that the store closed.
 */
final class SessionNotifications implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionNotifications.class);
  /** How long one wait for notifications lasts before the thread checks whether the store closed. */
  private static final int WAIT_MS = 500;
  private static final long FIRST_RECONNECT_PAUSE_MS = 20;
  private static final long LONGEST_RECONNECT_PAUSE_MS = 1_000;

  private final Database db;
  private final Object monitor = new Object();
  /** Per session some thread waits for: how many changes were notified (guarded by monitor). */
  private final Map<String, long[]> changes = new HashMap<>();
  /** Per session: how many threads wait for it (guarded by monitor). */
  private final Map<String, Integer> waiting = new HashMap<>();
  /** Grows each time the listener (re)starts listening (guarded by monitor). */
  private long listenings;
  private boolean listening; // guarded by monitor
  private Thread listener; // guarded by monitor
  private volatile boolean closed;

  SessionNotifications(Database db) {
    this.db = db;
  }

  /** One thread's wait for changes of one session. */
  final class Watch implements AutoCloseable {
    private final String id;
    private long seenChanges;
    private long seenListenings;

    private Watch(String id) {
      this.id = id;
    }

    /**
     * Returns when the session may have changed since the last return (a commit notified it, or the listener
     * reconnected and notifications may have been lost), or when {@code nanos} have passed.
     */
    void awaitChange(long nanos) throws InterruptedException {
      long deadline = System.nanoTime() + nanos;
      synchronized (monitor) {
        while (!closed && changes.get(id)[0] == seenChanges && listenings == seenListenings) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return;
          }
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        seenChanges = changes.get(id)[0];
        seenListenings = listenings;
      }
    }

    @Override
    public void close() {
      synchronized (monitor) {
        int left = waiting.merge(id, -1, Integer::sum);
        if (left <= 0) {
          waiting.remove(id);
          changes.remove(id);
        }
      }
    }
  }

  /**
   * Starts watching session {@code id}; returns once the listener listens, so that a read made after this returns
   * misses no later change.
   *
   * @throws StoreException TIMEOUT when the listener cannot listen within {@code nanos} (the server is unreachable)
   */
  Watch watch(String id, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (monitor) {
      waiting.merge(id, 1, Integer::sum);
      changes.computeIfAbsent(id, k -> new long[1]);
      Watch watch = new Watch(id);
      if (listener == null) {
        listener = new Thread(this::listen, "snap-mcp-store-listener");
        listener.setDaemon(true);
        listener.start();
      }
      while (!listening && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          watch.close();
          throw new StoreException(StoreException.Kind.TIMEOUT, "cannot listen for changes of session " + id
              + " in the PostgreSQL store " + db.url() + ": the server did not answer");
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      watch.seenChanges = changes.get(id)[0];
      watch.seenListenings = listenings;
      return watch;
    }
  }

  private void listen() {
    long pause = FIRST_RECONNECT_PAUSE_MS;
    while (!closed) {
      try (Connection c = db.dedicatedConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + db.url().channel()); // the channel is a checked plain identifier
        }
        synchronized (monitor) {
          listening = true;
          listenings++; // every waiter reads again: what was notified while nobody listened is lost
          monitor.notifyAll();
        }
        pause = FIRST_RECONNECT_PAUSE_MS;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(WAIT_MS);
          if (got != null && got.length > 0) {
            wake(got);
          }
        }
      } catch (SQLException | RuntimeException e) {
        synchronized (monitor) {
          listening = false;
        }
        if (closed) {
          break;
        }
        LOG.debug("listening to {} stopped ({}); listening again in {} ms", db.url(), e.getMessage(), pause);
        try {
          Thread.sleep(pause); // a pause before reconnecting, not a wait for data
        } catch (InterruptedException interrupted) {
          break;
        }
        pause = Math.min(pause * 2, LONGEST_RECONNECT_PAUSE_MS);
      }
    }
    synchronized (monitor) {
      listening = false;
      monitor.notifyAll();
    }
  }

  private void wake(PGNotification[] got) {
    synchronized (monitor) {
      boolean any = false;
      for (PGNotification n : got) {
        long[] count = changes.get(n.getParameter());
        if (count != null && db.url().channel().equals(n.getName())) {
          count[0]++;
          any = true;
        }
      }
      if (any) {
        monitor.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    closed = true; // the listener sees it within WAIT_MS and closes its connection
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }
}
