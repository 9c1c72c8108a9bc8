package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link SessionStore#await} waits on: a change in the state folder (a commit renames a new file in), learnt
 * from a folder watch (inotify on Linux) or, at the latest, after {@link #POLL_INTERVAL}. Opened before the waiter's
 * first look, so a change made between the look and the wait is not missed. One per waiter; not thread-safe.
 */
final class FolderWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

  /** How often a waiter looks at the file even without a folder event (the watcher's fallback). */
  static final Duration POLL_INTERVAL = Duration.ofMillis(25);

  /**
   * Closes watchers off the caller's path: closing an inotify instance waits for a kernel grace period (7 to 20 ms
   * measured on Linux), which await's caller would otherwise pay after its condition already held.
   */
  private static final Executor CLOSER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "snap-mcp-store-watcher-closer");
    t.setDaemon(true);
    return t;
  });

  /** Null when none can be had (e.g. the per-user inotify limit is reached): then polling alone serves. */
  private final WatchService watcher;

  private FolderWatcher(WatchService watcher) {
    this.watcher = watcher;
  }

  /** Starts watching {@code dir} for created and modified entries. */
  static FolderWatcher open(Path dir) {
    WatchService watcher = null;
    try {
      watcher = dir.getFileSystem().newWatchService();
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return new FolderWatcher(watcher);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot watch {} ({}); polling every {} ms instead", dir, e, POLL_INTERVAL.toMillis());
      if (watcher != null) {
        try {
          watcher.close();
        } catch (IOException ignored) {
          // already failing over to polling
        }
      }
      return new FolderWatcher(null);
    }
  }

  /**
   * Returns on a folder event, after the polling interval, or after {@code maxNanos}, whichever comes first. The
   * caller looks again either way.
   */
  void awaitChange(long maxNanos) throws InterruptedException {
    long wait = Math.min(maxNanos, POLL_INTERVAL.toNanos());
    if (watcher == null) {
      TimeUnit.NANOSECONDS.sleep(wait); // no watcher available: polling alone
      return;
    }
    WatchKey key = watcher.poll(wait, TimeUnit.NANOSECONDS);
    if (key != null) {
      key.pollEvents();
      key.reset();
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      CLOSER.execute(() -> {
        try {
          watcher.close();
        } catch (IOException ignored) {
          // closing an inotify instance does not fail in practice; nothing to recover
        }
      });
    }
  }
}
