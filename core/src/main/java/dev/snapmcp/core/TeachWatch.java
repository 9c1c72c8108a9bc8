package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running process's view of {@code teach.json}: {@link #current()} for every tool call (a stat, and a read only
 * when the file changed), and listeners told when the settings change, from a folder watch (inotify on Linux: the
 * thread sleeps in the kernel until a file of the folder changes, no polling loop). Where no watch can be had, it looks
 * every {@link #FALLBACK_POLL_MS} ms instead.
 */
public final class TeachWatch implements AutoCloseable {

  static final long FALLBACK_POLL_MS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(TeachWatch.class);

  private final Path stateDir;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private Object seenKey;
  private TeachSettings seen;
  private StoreException seenError;
  private volatile boolean closed;
  private Thread thread;
  private WatchService watcher;

  public TeachWatch(Path stateDir) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath();
  }

  /**
   * The settings now, read again only when the file changed since the last look (its inode, time and size).
   *
   * @throws StoreException if the file is damaged or unreadable: a caller enforcing a mode treats that as the
   *     strictest mode
   */
  public synchronized TeachSettings current() {
    Object key = stamp();
    if (seenKey == null || !seenKey.equals(key)) {
      try {
        seen = TeachFile.read(stateDir);
        seenError = null;
      } catch (StoreException e) {
        seen = null;
        seenError = e;
      }
      seenKey = key;
    }
    if (seenError != null) {
      throw seenError;
    }
    return seen;
  }

  /** Calls {@code listener} (on the watch's thread) whenever the settings may have changed. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Starts watching the folder (idempotent). */
  public synchronized void start() {
    if (thread != null || closed) {
      return;
    }
    try {
      Files.createDirectories(stateDir);
      watcher = stateDir.getFileSystem().newWatchService();
      stateDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot watch {} ({}); looking at {} every {} ms", stateDir, e, StateFiles.TEACH, FALLBACK_POLL_MS);
      watcher = null;
    }
    // The file as it is now, taken here and not on the watch's thread: a change made right after start() returns must
    // differ from it, however late that thread first runs.
    Object before = stamp();
    thread = new Thread(() -> loop(before), "snap-mcp-teach-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop(Object before) {
    Object last = before;
    while (!closed) {
      try {
        boolean ours = false;
        if (watcher == null) {
          TimeUnit.MILLISECONDS.sleep(FALLBACK_POLL_MS);
          ours = true;
        } else {
          WatchKey key = watcher.take();
          for (WatchEvent<?> event : key.pollEvents()) {
            ours |= event.kind() == StandardWatchEventKinds.OVERFLOW
                || StateFiles.TEACH.equals(String.valueOf(event.context()));
          }
          key.reset();
        }
        Object now = stamp();
        if (ours && !now.equals(last)) {
          last = now;
          for (Runnable listener : listeners) {
            try {
              listener.run();
            } catch (RuntimeException e) {
              LOG.warn("a listener of {} failed", StateFiles.TEACH, e);
            }
          }
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
    }
  }

  /** What identifies the file's present content: inode, time, size; "none" when there is no file. */
  private Object stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(StateFiles.teach(stateDir), BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size(),
          a.lastModifiedTime().toInstant().getNano());
    } catch (NoSuchFileException e) {
      return "none";
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException ignored) {
        // nothing to recover at close
      }
    }
  }
}
