package dev.snapmcp.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Batches the changes of concurrent callers: each caller queues its change; when no batch is being committed, one
 * waiting caller becomes the leader, takes everything queued and commits it as one batch, then wakes the others:
 * those whose change was in the batch return, and one of the rest leads the next batch. Waiters wait on the
 * monitor, not on a lock, so finishing a batch frees every caller in it at once.
 */
final class GroupCommit {

  /** A change to the document: pure apart from changing {@code doc}; throws before changing anything. */
  interface Change<T> {
    T apply(StoreDocument doc, Instant now);
  }

  private final boolean enabled;
  private final Duration lockTimeout;
  private final Path file;
  /** Commits one batch: lock, read, apply each change, write once. */
  private final Consumer<List<Pending<?>>> committer;
  private final Object monitor = new Object();
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(); // guarded by monitor
  private boolean committing; // guarded by monitor
  private boolean gathering; // guarded by monitor
  /** How many callers were involved when the last batch ended: the ones it released plus the ones queued. */
  private int gatherTarget; // guarded by monitor
  private long lastCommitNanos; // guarded by monitor

  GroupCommit(boolean enabled, Duration lockTimeout, Path file, Consumer<List<Pending<?>>> committer) {
    this.enabled = enabled;
    this.lockTimeout = lockTimeout;
    this.file = file;
    this.committer = committer;
  }

  /** How many changes wait for the next batch. */
  int queued() {
    synchronized (monitor) {
      return queue.size();
    }
  }

  <T> T submit(Change<T> change) {
    Pending<T> mine = new Pending<>(change);
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    List<Pending<?>> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      synchronized (monitor) {
        if (!mine.queued) {
          queue.add(mine);
          mine.queued = true;
          if (gathering) {
            monitor.notifyAll();
          }
        }
        while (!mine.done && committing) {
          long left = deadline - System.nanoTime();
          if (left <= 0 && queue.remove(mine)) { // not taken by a leader yet: safe to give up
            throw new StoreException(StoreException.Kind.BUSY, "store busy: other threads of this process have"
                + " been committing to " + file + " for more than " + lockTimeout.toMillis() + " ms");
          }
          try {
            // Taken by the running batch: its leader's wait for the lock is bounded, so this ends.
            TimeUnit.NANOSECONDS.timedWait(monitor, left > 0 ? left : lockTimeout.toNanos());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (queue.remove(mine)) {
              throw new StoreException(StoreException.Kind.IO, "interrupted while waiting to commit to " + file, e);
            }
          }
        }
        if (mine.done) {
          return mine.result();
        }
        committing = true;
        if (enabled) {
          gather();
        }
        for (Pending<?> p; (enabled || batch.isEmpty()) && (p = queue.poll()) != null; ) {
          batch.add(p);
        }
      }
      long started = System.nanoTime();
      try {
        committer.accept(batch);
      } catch (RuntimeException | Error e) {
        for (Pending<?> p : batch) {
          p.fail(e);
        }
      } finally {
        synchronized (monitor) {
          for (Pending<?> p : batch) {
            p.done = true;
          }
          committing = false;
          gatherTarget = batch.size() + queue.size();
          lastCommitNanos = System.nanoTime() - started;
          monitor.notifyAll();
        }
      }
    }
  }

  /**
   * Under contention, lets the callers just released by the previous batch queue again before a new batch starts.
   * Without this, closed-loop callers split into two alternating half-size batches (those who queued during the
   * last commit, and those it released). Waits until as many changes are queued as callers were involved when the
   * last batch ended, at most a quarter of the last commit's duration (capped at 1 ms); a lone caller never waits.
   */
  private void gather() {
    int target = gatherTarget;
    if (target <= 1) {
      return;
    }
    long until = System.nanoTime() + Math.min(lastCommitNanos / 4, 1_000_000L);
    gathering = true;
    try {
      for (long left; queue.size() < target && (left = until - System.nanoTime()) > 0; ) {
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      gathering = false;
    }
  }

  /** One queued change and, once its batch is committed, its outcome. */
  static final class Pending<T> {
    private final Change<T> change;
    private T value;
    private RuntimeException changeFailure;
    private Throwable commitFailure;
    boolean queued; // guarded by the monitor
    boolean done; // guarded by the monitor

    Pending(Change<T> change) {
      this.change = change;
    }

    void applyTo(StoreDocument doc, Instant now) {
      try {
        value = change.apply(doc, now);
      } catch (RuntimeException e) {
        changeFailure = e; // this change only; the rest of the batch goes on
      }
    }

    void fail(Throwable e) {
      commitFailure = e;
    }

    T result() {
      if (commitFailure instanceof RuntimeException r) {
        throw r;
      }
      if (commitFailure instanceof Error e) {
        throw e;
      }
      if (changeFailure != null) {
        throw changeFailure;
      }
      return value;
    }
  }
}
