package dev.snapmcp.core;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The loop every store's {@link SessionStore#await} runs: read the session, test it, wait for the store's next change
 * notice, until the condition holds or the time is up. The store supplies the read and the notice (a folder watch for
 * the file, LISTEN/NOTIFY for PostgreSQL), which must have started before the first read so no change is missed.
 */
public final class SessionWait {

  /** A store's notice that something may have changed. */
  public interface Changes {
    /** Returns when a change may have happened, or after at most {@code maxNanos}. */
    void awaitChange(long maxNanos) throws InterruptedException;
  }

  private SessionWait() {}

  /**
   * The session {@code id} once {@code condition} holds for it, read by {@code read} (which throws NOT_FOUND itself);
   * TIMEOUT when {@code deadline} (a {@link System#nanoTime} value) passes or the thread is interrupted.
   */
  public static Session until(String id, Supplier<Session> read, Predicate<Session> condition, Duration timeout,
      long deadline, Changes changes) {
    try {
      while (true) {
        Session s = read.get();
        if (condition.test(s)) {
          return s;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException(StoreException.Kind.TIMEOUT,
              "session " + id + " did not reach the awaited state within " + timeout.toMillis() + " ms");
        }
        changes.awaitChange(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.TIMEOUT, "interrupted while waiting for session " + id, e);
    }
  }
}
