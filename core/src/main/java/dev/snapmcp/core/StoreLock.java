package dev.snapmcp.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock on {@code sessions.json.lock}: first a lock shared by every thread of this JVM, then the OS lock
 * (on Linux a POSIX record lock, {@code fcntl(F_SETLK)}, over the whole file). The OS lock is per process, so the
 * threads of one process must serialise before taking it.
 *
 * <p>One instance per lock file per JVM, shared by every store open on it: POSIX locks are released when the process
 * closes ANY descriptor of the file, so the JVM keeps exactly one channel open per lock file, closed when the last
 * store using it closes. The lock file itself is never deleted.
 */
final class StoreLock {

  private static final Map<Path, StoreLock> OPEN = new HashMap<>();

  private final Path lockFile;
  private final ReentrantLock inProcess = new ReentrantLock(true);
  private final FileChannel channel;
  private int users;

  private StoreLock(Path lockFile, FileChannel channel) {
    this.lockFile = lockFile;
    this.channel = channel;
  }

  /** The JVM's lock for {@code lockFile} (absolute, real folder), creating the file with mode 0600 if needed. */
  static StoreLock acquireShared(Path lockFile) throws IOException {
    synchronized (OPEN) {
      StoreLock lock = OPEN.get(lockFile);
      if (lock == null) {
        // Never through a link: open(O_NOFOLLOW) fails on one, and a dangling one creates nothing.
        FileChannel channel = FileChannel.open(lockFile,
            Permissions.createOptions(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            Permissions.privateFileAttributes(lockFile.getParent()));
        lock = new StoreLock(lockFile, channel);
        OPEN.put(lockFile, lock);
      }
      lock.users++;
      return lock;
    }
  }

  void releaseShared() {
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(lockFile);
        try {
          channel.close();
        } catch (IOException ignored) {
          // nothing is held any more; closing is best effort
        }
      }
    }
  }

  Path file() {
    return lockFile;
  }

  /** Held lock; closing releases the OS lock, then the in-process one. */
  final class Held implements AutoCloseable {
    private final FileLock osLock;

    private Held(FileLock osLock) {
      this.osLock = osLock;
    }

    @Override
    public void close() {
      try {
        osLock.release();
      } catch (IOException e) {
        // The channel stays open; a failed release is reported and the lock dies with the process at worst.
        throw new StoreException(StoreException.Kind.IO, "could not release the lock on " + lockFile + ": " + e, e);
      } finally {
        inProcess.unlock();
      }
    }
  }

  /**
   * Takes the lock, waiting at most {@code timeout}; past it, a BUSY error naming the file. A zero timeout tries once.
   */
  Held lock(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!inProcess.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw busy(timeout, "another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.IO, "interrupted while waiting for the lock on " + lockFile, e);
    }
    boolean ok = false;
    try {
      long backoff = 50_000; // 50 µs, doubling to 2 ms: the OS gives no timed fcntl lock
      while (true) {
        FileLock osLock;
        try {
          osLock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          throw new IllegalStateException("the JVM already holds " + lockFile + " outside StoreLock", e);
        } catch (IOException e) {
          throw new StoreException(StoreException.Kind.IO, "could not lock " + lockFile + ": " + e.getMessage(), e);
        }
        if (osLock != null) {
          ok = true;
          return new Held(osLock);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw busy(timeout, "another process");
        }
        LockSupport.parkNanos(Math.min(backoff, left));
        backoff = Math.min(backoff * 2, 2_000_000);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new StoreException(StoreException.Kind.IO, "interrupted while waiting for the lock on " + lockFile);
        }
      }
    } finally {
      if (!ok) {
        inProcess.unlock();
      }
    }
  }

  private StoreException busy(Duration timeout, String who) {
    return new StoreException(StoreException.Kind.BUSY,
        "store busy: " + who + " has held the lock on " + lockFile + " for more than " + timeout.toMillis()
            + " ms; try again, and if it persists find the process holding it (fuser " + lockFile + ")");
  }
}
