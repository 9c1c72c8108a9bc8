package dev.snapmcp.core;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock on {@code sessions.json.lock}: first a fair lock shared by every thread of this JVM, then the OS
 * lock (on Linux a POSIX record lock over the whole file: {@code fcntl(F_SETLK)}, and when another process holds it,
 * {@code F_SETLKW}, a wait in the kernel's queue). The OS lock is per process, so the threads of one process must
 * serialise before taking it.
 *
 * <p>One instance per lock file per JVM, shared by every store open on it: POSIX locks are released when the process
 * closes ANY descriptor of the file, so the JVM keeps exactly one channel open per lock file, closed when the last
 * store using it closes. The lock file itself is never deleted.
 */
final class StoreLock {

  private static final Map<Path, StoreLock> OPEN = new HashMap<>();

  private final Path lockFile;
  private final ReentrantLock inProcess = new ReentrantLock(true);
  /** Replaced only when an interrupted wait closed it, by the thread holding {@link #inProcess}. */
  private volatile FileChannel channel;
  private int users; // guarded by OPEN

  private StoreLock(Path lockFile, FileChannel channel) {
    this.lockFile = lockFile;
    this.channel = channel;
  }

  /** The JVM's lock for {@code lockFile} (absolute, real folder), creating the file with mode 0600 if needed. */
  static StoreLock acquireShared(Path lockFile) throws IOException {
    synchronized (OPEN) {
      StoreLock lock = OPEN.get(lockFile);
      if (lock == null) {
        lock = new StoreLock(lockFile, openChannel(lockFile));
        OPEN.put(lockFile, lock);
      }
      lock.users++;
      return lock;
    }
  }

  private static FileChannel openChannel(Path lockFile) throws IOException {
    // Never through a link: open(O_NOFOLLOW) fails on one, and a dangling one creates nothing.
    return FileChannel.open(lockFile, Permissions.createOptions(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        Permissions.privateFileAttributes(lockFile.getParent()));
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
      FileLock osLock;
      try {
        osLock = channel.tryLock();
      } catch (ClosedChannelException e) { // the caller was interrupted (that closes the channel)
        Thread.interrupted();
        reopen();
        Thread.currentThread().interrupt();
        throw new StoreException(StoreException.Kind.IO, "interrupted while taking the lock on " + lockFile, e);
      } catch (OverlappingFileLockException e) {
        throw new IllegalStateException("the JVM already holds " + lockFile + " outside StoreLock", e);
      } catch (IOException e) {
        throw new StoreException(StoreException.Kind.IO, "could not lock " + lockFile + ": " + e.getMessage(), e);
      }
      if (osLock == null) {
        osLock = waitInLine(deadline, timeout);
      }
      ok = true;
      return new Held(osLock);
    } finally {
      if (!ok) {
        inProcess.unlock();
      }
    }
  }

  /**
   * Waits for the OS lock in the kernel's queue ({@code F_SETLKW}): the holder's release wakes a waiter at once, so a
   * process that just committed does not take the lock again before the others (as it did when every waiter polled
   * with back-off, which made the waits of the unlucky ones long). The OS has no timed wait on a POSIX lock, so an
   * alarm interrupts the wait at the deadline; an interrupted lock call closes the channel, which is opened again (no
   * thread of this JVM holds the OS lock meanwhile: the caller holds the in-process lock).
   */
  private FileLock waitInLine(long deadline, Duration timeout) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw busy(timeout, "another process");
    }
    Waiter waiter = new Waiter(Thread.currentThread());
    ScheduledFuture<?> alarm = Alarm.TIMER.schedule(waiter::timeUp, left, TimeUnit.NANOSECONDS);
    try {
      FileLock osLock = channel.lock();
      if (!waiter.acquired()) {
        Thread.interrupted(); // the alarm's interrupt came just after the lock did: the lock is ours all the same
      }
      return osLock;
    } catch (ClosedChannelException | FileLockInterruptionException e) { // interrupted: the channel was closed
      boolean timedOut = !waiter.acquired();
      Thread.interrupted();
      reopen();
      if (timedOut) {
        throw busy(timeout, "another process");
      }
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.IO, "interrupted while waiting for the lock on " + lockFile, e);
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException("the JVM already holds " + lockFile + " outside StoreLock", e);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "could not lock " + lockFile + ": " + e.getMessage(), e);
    } finally {
      alarm.cancel(false);
    }
  }

  /** Opens the lock file again after an interrupt closed its channel. */
  private void reopen() {
    synchronized (OPEN) {
      if (users == 0) {
        return; // the last store closed meanwhile: nothing to reopen for
      }
      try {
        channel = openChannel(lockFile);
      } catch (IOException e) {
        throw new StoreException(StoreException.Kind.IO, "cannot open " + lockFile + " again: " + e, e);
      }
    }
  }

  /** The thread waiting for the OS lock, and whether its alarm went off first. */
  private static final class Waiter {
    private final Thread thread;
    private boolean done; // guarded by this
    private boolean timedOut; // guarded by this

    Waiter(Thread thread) {
      this.thread = thread;
    }

    synchronized void timeUp() {
      if (!done) {
        timedOut = true;
        thread.interrupt();
      }
    }

    /** Marks the wait over; false when the alarm went off before. */
    synchronized boolean acquired() {
      done = true;
      return !timedOut;
    }
  }

  /** One daemon thread for the alarms of every lock wait of the JVM. */
  private static final class Alarm {
    static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "snap-mcp-store-lock-alarm");
      t.setDaemon(true);
      return t;
    });

    static {
      TIMER.setRemoveOnCancelPolicy(true);
    }
  }

  private StoreException busy(Duration timeout, String who) {
    return new StoreException(StoreException.Kind.BUSY,
        "store busy: " + who + " has held the lock on " + lockFile + " for more than " + timeout.toMillis()
            + " ms; try again, and if it persists find the process holding it (fuser " + lockFile + ")");
  }
}
