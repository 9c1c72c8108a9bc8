package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Many storm clients waiting for the store at once, served by one reader: each change of the state folder (or a new
 * waiter) wakes one thread that reads the whole store once and completes every waiter whose condition now holds.
 * {@code store.await} from dozens of client threads would have each of them re-read the file on every commit of every
 * session, and the harness's own reads would then eat the cores the bridge is being measured on.
 */
final class StoreObserver implements AutoCloseable {

  /** A read at least this often while someone waits, even without a folder event (a missed event costs no more). */
  private static final long POLL_MILLIS = 25;
  /**
   * At least this long between looks: under a storm the bridge commits about a thousand times a second, and a look per
   * commit would take a core from the bridge being measured.
   */
  private static final long READ_GAP_MILLIS = 10;

  private record Waiter(String id, Predicate<Session> condition, CompletableFuture<Session> done) {}

  private final SessionStore store;
  private final WatchService watcher;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  /** Released on every folder event and every new waiter; the reader coalesces them into one read. */
  private final Semaphore dirty = new Semaphore(0);
  private final Thread reader;
  private final Thread watch;
  private volatile boolean closed;

  StoreObserver(SessionStore store, Path stateDir) throws IOException {
    this.store = store;
    this.watcher = FileSystems.getDefault().newWatchService();
    stateDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    this.watch = new Thread(this::watchFolder, "store-observer-watch");
    this.reader = new Thread(this::readLoop, "store-observer-read");
    watch.setDaemon(true);
    reader.setDaemon(true);
    watch.start();
    reader.start();
  }

  /**
   * The session once {@code condition} holds for it, as one read of the store saw it.
   *
   * @throws TimeoutException if it does not hold within {@code timeout}
   */
  Session await(String id, Predicate<Session> condition, Duration timeout) throws TimeoutException {
    Waiter w = new Waiter(id, condition, new CompletableFuture<>());
    waiters.add(w);
    dirty.release();
    try {
      return w.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading the store failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for session " + id);
    } finally {
      waiters.remove(w);
    }
  }

  private void watchFolder() {
    try {
      while (!closed) {
        WatchKey key = watcher.take();
        key.pollEvents();
        key.reset();
        dirty.release();
      }
    } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
      // closed
    }
  }

  private void readLoop() {
    try {
      while (!closed) {
        dirty.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
        dirty.drainPermits(); // every change so far is covered by the read below
        if (waiters.isEmpty()) {
          continue;
        }
        Map<String, Session> byId = new HashMap<>();
        try {
          store.list().forEach(x -> byId.put(x.id(), x)); // one read and parse of the whole store for every waiter
        } catch (RuntimeException e) {
          waiters.forEach(w -> w.done().completeExceptionally(e));
          continue;
        }
        for (Waiter w : waiters) {
          Session s = byId.get(w.id());
          if (s == null) {
            w.done().completeExceptionally(new IllegalStateException("no session " + w.id() + " in the store"));
          } else {
            try {
              if (w.condition().test(s)) {
                w.done().complete(s);
              }
            } catch (RuntimeException e) {
              w.done().completeExceptionally(e); // that waiter's problem: the others keep being served
            }
          }
        }
        TimeUnit.MILLISECONDS.sleep(READ_GAP_MILLIS); // pacing: the commits meanwhile share the next look
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    reader.interrupt();
    watcher.close();
    watch.interrupt();
  }
}
