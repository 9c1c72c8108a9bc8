package dev.snapmcp.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The database server restarted in the middle of use (a fast shutdown, then a start on the same data): every update
 * the store acknowledged is there afterwards, exactly once; the store carries on by itself, without being reopened;
 * and a waiter that was waiting before the restart wakes on a change made after it.
 */
class ServerRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int WRITERS = 4;
  private static final int BEFORE = 25;
  private static final int AFTER = 25;

  @Test
  void everyAcknowledgedUpdateSurvivesARestartAndTheStoreCarriesOnByItself() throws Exception {
    assumeTrue(System.getenv(PostgresServer.URL_VARIABLE) == null,
        "the server " + PostgresServer.URL_VARIABLE + " names is not this test's to restart");
    try (PostgresServer server = PostgresServer.startEmbedded();
        TempStateDir state = TempStateDir.create()) {
      TestSchema schema = TestSchema.on(server);
      try (SessionStore store = SessionStores.open(schema.url(), state.path(), Clock.systemUTC())) {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
          sessions.add(store.create(Duration.ofDays(1)).session());
        }
        String watched = sessions.get(0).id();
        CompletableFuture<Session> waiter = CompletableFuture.supplyAsync(
            () -> store.await(watched, s -> "after-restart".equals(s.connectionId()), WAIT));

        AtomicBoolean restarted = new AtomicBoolean();
        List<AtomicInteger> acknowledged = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (Session session : sessions) {
          AtomicInteger acks = new AtomicInteger();
          acknowledged.add(acks);
          writers.add(CompletableFuture.runAsync(() -> {
            int afterRestart = 0;
            while (afterRestart < AFTER) {
              store.update(session.id(), s -> laterBySecond(s)); // throws (failing the test) if it gives up
              acks.incrementAndGet();
              if (restarted.get()) {
                afterRestart++;
              }
            }
          }));
        }
        await().atMost(WAIT).until(() -> acknowledged.stream().allMatch(a -> a.get() >= BEFORE));
        server.restart(); // fast shutdown: every open transaction rolled back, every connection cut
        restarted.set(true);
        store.markConnected(watched, "after-restart", ClientInfo.UNKNOWN);
        assertEquals("after-restart", waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS).connectionId(),
            "the waiter listened again and read again");
        for (CompletableFuture<Void> w : writers) {
          w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        long total = 0;
        for (int i = 0; i < WRITERS; i++) {
          Session s = store.get(sessions.get(i).id()).orElseThrow();
          int acks = acknowledged.get(i).get();
          assertTrue(acks >= BEFORE + AFTER);
          assertEquals(sessions.get(i).expiresAt().plusSeconds(acks), s.expiresAt(),
              "session " + i + ": every acknowledged update there, exactly once");
          total += acks;
        }
        assertEquals(WRITERS + total + 1, store.revision(), "creates, updates and the one markConnected");
      } finally {
        schema.close();
      }
    }
  }

  private static Session laterBySecond(Session s) {
    return new Session(s.id(), s.tokenHash(), s.createdAt(), s.expiresAt().plusSeconds(1), s.revoked(),
        s.connected(), s.connectionId(), s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client(),
        s.history());
  }
}
