package dev.snapmcp.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OS lock taken against another process as docs/store-format.md says another language takes it (Python's {@code
 * fcntl.lockf}): a waiter waits in the kernel's queue ({@code F_SETLKW}), not by polling; the bound, an interrupt and a
 * wait given up leave the store working and its lock excluding others.
 */
class StoreLockTest {

  private final TempStateDir state = TempStateDir.create();
  private String id;

  @BeforeEach
  void pythonAndASession() {
    org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute(),
        "python3 is not installed");
    try (SessionStore store = state.open()) {
      id = store.create(Duration.ofHours(1)).session().id();
    }
  }

  @AfterEach
  void cleanUp() {
    state.close();
  }

  /** A Python process that locks the store's lock file, says whether it got it, and holds it until stdin closes. */
  private final class Python implements AutoCloseable {
    final Process process;
    final BufferedReader out;

    Python(boolean wait) throws Exception {
      process = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
          "import fcntl, os, sys",
          "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)",
          "try:",
          "    fcntl.lockf(fd, fcntl.LOCK_EX if sys.argv[2] == 'wait' else fcntl.LOCK_EX | fcntl.LOCK_NB)",
          "    print('locked', flush=True)",
          "except OSError:",
          "    print('busy', flush=True)",
          "sys.stdin.read()"), state.path().resolve(StateFiles.SESSIONS_LOCK).toString(), wait ? "wait" : "try")
          .redirectErrorStream(true).start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    String answer() throws Exception {
      return out.readLine();
    }

    /** Lets go of the lock by ending. */
    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }
  }

  private FileSessionStore open(Duration lockTimeout) {
    return FileSessionStore.open(state.path(), Clock.systemUTC(), new StoreOptions(lockTimeout, true));
  }

  /**
   * Whether this process waits in the kernel's queue for the lock file: {@code /proc/locks} lists a blocked {@code
   * F_SETLKW} as {@code "N: -> POSIX ADVISORY WRITE PID MAJ:MIN:INODE 0 EOF"}. A process that polls never shows there.
   */
  private boolean waitingInTheKernel() throws Exception {
    long inode = (Long) java.nio.file.Files.getAttribute(state.path().resolve(StateFiles.SESSIONS_LOCK), "unix:ino");
    String pid = " " + ProcessHandle.current().pid() + " ";
    return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/locks")).stream()
        .anyMatch(l -> l.contains("->") && l.contains(pid) && l.contains(":" + inode + " "));
  }

  @Test
  void aWaiterWaitsInTheKernelsQueueAndGetsTheLockWhenTheHolderLetsGo() throws Exception {
    try (FileSessionStore store = open(Duration.ofSeconds(60)); Python holder = new Python(true)) {
      assertEquals("locked", holder.answer());
      CompletableFuture<Session> revoked = CompletableFuture.supplyAsync(() -> {
        store.revoke(id);
        return store.get(id).orElseThrow();
      });
      await().atMost(Duration.ofSeconds(30)).until(this::waitingInTheKernel);
      holder.close();
      assertTrue(revoked.get(30, TimeUnit.SECONDS).revoked());
    }
  }

  @Test
  void afterTheBoundPassedTheStoreStillTakesALockThatExcludesOtherProcesses() throws Exception {
    try (FileSessionStore store = open(Duration.ofMillis(300))) {
      try (Python holder = new Python(true)) {
        assertEquals("locked", holder.answer());
        StoreException busy = assertThrows(StoreException.class, () -> store.revoke(id));
        assertEquals(StoreException.Kind.BUSY, busy.kind());
        assertTrue(busy.getMessage().contains(StateFiles.SESSIONS_LOCK), busy.getMessage());
      }
      assertTrue(store.revoke(id), "the lock file was opened again after the wait was cut");
      try (StoreLock.Held held = store.lock().lock(Duration.ofSeconds(10)); Python other = new Python(false)) {
        assertEquals("busy", other.answer(), "the lock this process holds excludes another process");
      }
      try (Python other = new Python(false)) {
        assertEquals("locked", other.answer(), "and it is released");
      }
    }
  }

  @Test
  void anInterruptedWaitSaysSoAndTheStoreGoesOn() throws Exception {
    try (FileSessionStore store = open(Duration.ofSeconds(60)); Python holder = new Python(true)) {
      assertEquals("locked", holder.answer());
      AtomicReference<Thread> waiter = new AtomicReference<>();
      CompletableFuture<Boolean> revoked = CompletableFuture.supplyAsync(() -> {
        waiter.set(Thread.currentThread());
        try {
          return store.revoke(id);
        } finally {
          assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(this::waitingInTheKernel);
      waiter.get().interrupt();
      ExecutionException failed = assertThrows(ExecutionException.class, () -> revoked.get(30, TimeUnit.SECONDS));
      StoreException e = (StoreException) failed.getCause();
      assertEquals(StoreException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
      holder.close();
      assertTrue(store.revoke(id));
      assertFalse(store.get(id).orElseThrow().connected());
    }
  }
}
