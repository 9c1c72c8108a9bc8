package dev.snapmcp.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent updates of one process are committed together: one lock, one read, one write. */
class GroupCommitTest {

  private final TempStateDir state = TempStateDir.create();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void cleanUp() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
    state.close();
  }

  private static Session plusOneSecond(Session s) {
    return SessionChanges.copy(s, s.revoked(), s.connected(), s.connectionId(), s.connectedAt(), s.disconnectedAt(),
        s.lastSeenAt(), s.client(), s.expiresAt().plusSeconds(1), s.history());
  }

  @Test
  void changesQueuedDuringACommitAreCommittedTogetherInOneRevision() throws Exception {
    try (FileSessionStore store = FileSessionStore.open(state.path(), Clock.systemUTC(),
        StoreOptions.defaults())) {
      Session counter = store.create(Duration.ofHours(1)).session();
      long revision = store.revision();
      List<CompletableFuture<Session>> calls = new ArrayList<>();
      CompletableFuture<Boolean> failing;
      // Hold the store's lock so the first caller's commit waits and the others queue behind it.
      try (StoreLock.Held held = store.lock().lock(Duration.ofSeconds(5))) {
        calls.add(CompletableFuture.supplyAsync(() -> store.update(counter.id(), GroupCommitTest::plusOneSecond),
            threads));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.queuedChanges() == 0 && !calls.get(0).isDone());
        for (int i = 0; i < 7; i++) {
          calls.add(CompletableFuture.supplyAsync(() -> store.update(counter.id(), GroupCommitTest::plusOneSecond),
              threads));
        }
        failing = CompletableFuture.supplyAsync(() -> {
          store.update("sess_nosuchsession00", s -> s);
          return true;
        }, threads);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.queuedChanges() == 8);
      }
      List<Instant> seen = new ArrayList<>();
      for (CompletableFuture<Session> c : calls) {
        seen.add(c.get(30, TimeUnit.SECONDS).expiresAt());
      }
      ExecutionException notFound = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> failing.get(30, TimeUnit.SECONDS));
      assertEquals(StoreException.Kind.NOT_FOUND, assertInstanceOf(StoreException.class, notFound.getCause()).kind());

      assertEquals(revision + 2, store.revision(), "the first change alone, then one commit for the eight queued");
      assertEquals(counter.expiresAt().plusSeconds(8), store.get(counter.id()).orElseThrow().expiresAt());
      // Each change saw the ones before it: every caller got a different result.
      assertEquals(8, seen.stream().distinct().count(), seen.toString());
    }
  }

  @Test
  void withoutGroupCommitEveryChangeIsItsOwnCommit() throws Exception {
    try (FileSessionStore store = FileSessionStore.open(state.path(), Clock.systemUTC(),
        new StoreOptions(Duration.ofSeconds(10), false))) {
      Session counter = store.create(Duration.ofHours(1)).session();
      long revision = store.revision();
      List<CompletableFuture<Session>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> store.update(counter.id(), GroupCommitTest::plusOneSecond),
            threads));
      }
      for (CompletableFuture<Session> c : calls) {
        c.get(30, TimeUnit.SECONDS);
      }
      assertEquals(revision + 8, store.revision());
      assertEquals(counter.expiresAt().plusSeconds(8), store.get(counter.id()).orElseThrow().expiresAt());
    }
  }
}
