package dev.snapmcp.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.testing.TempStateDir;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change carried through a lost connection exactly once: a connection killed in the middle of the transaction
 * (rolled back by the server, so the change runs again), a {@code COMMIT} cut before the server got it (the same),
 * and a {@code COMMIT} whose answer was cut after the server committed (the store asks the server what became of the
 * transaction and does not run it again). And a store opened while its server refuses connections for a moment (a
 * restart) waits for it.
 */
class ConnectionLossTest {

  private static final long WAIT_S = 30;

  private final TestSchema schema = TestSchema.create();
  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void close() {
    schema.close();
    state.close();
  }

  @Test
  void aConnectionKilledMidTransactionIsRolledBackAndTheChangeMadeOnceAgain() throws Exception {
    try (SessionStore store = open(schema.url() + "&application_name=victim")) {
      Session s = store.create(Duration.ofHours(1)).session();
      long revision = store.revision();
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch killed = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      CompletableFuture<Session> update = CompletableFuture.supplyAsync(() -> store.update(s.id(), x -> {
        if (calls.incrementAndGet() == 1) { // the row is locked, the transaction open: kill its connection here
          inside.countDown();
          awaitQuietly(killed);
        }
        return laterExpiry(x);
      }));
      assertTrue(inside.await(WAIT_S, TimeUnit.SECONDS));
      assertEquals(1, terminate("victim", "idle in transaction"), "the update's connection, mid-transaction");
      killed.countDown();

      Session updated = update.get(WAIT_S, TimeUnit.SECONDS);
      assertEquals(2, calls.get(), "the rolled-back transaction ran again");
      assertEquals(s.expiresAt().plusSeconds(60), updated.expiresAt(), "applied once");
      assertEquals(updated, store.get(s.id()).orElseThrow());
      assertEquals(revision + 1, store.revision());
    }
  }

  @Test
  void aCommitCutBeforeTheServerGotItIsRunAgainAndAppliedOnce() throws Exception {
    assertCommitCutAppliesOnce(CuttingProxy.CommitCut.BEFORE_THE_SERVER, 2);
  }

  @Test
  void aCommitWhoseAnswerWasLostIsAskedAboutAndNotRunAgain() throws Exception {
    assertCommitCutAppliesOnce(CuttingProxy.CommitCut.BEFORE_THE_ANSWER, 1);
  }

  private void assertCommitCutAppliesOnce(CuttingProxy.CommitCut cut, int expectedCalls) throws Exception {
    try (CuttingProxy proxy = schema.proxy(); SessionStore store = open(schema.urlThrough(proxy, "cut"))) {
      Session s = store.create(Duration.ofHours(1)).session();
      long revision = store.revision();
      AtomicInteger calls = new AtomicInteger();
      proxy.cutNextCommit(cut);
      Session updated = store.update(s.id(), x -> {
        calls.incrementAndGet();
        return laterExpiry(x);
      });
      assertTrue(proxy.awaitCommitCut(0, TimeUnit.SECONDS), "the commit was cut");
      assertEquals(expectedCalls, calls.get());
      assertEquals(s.expiresAt().plusSeconds(60), updated.expiresAt());
      assertEquals(updated, store.get(s.id()).orElseThrow(), "applied exactly once");
      assertEquals(revision + 1, store.revision());
    }
  }

  @Test
  void aStoreOpenedWhileTheServerRefusesConnectionsForAMomentWaitsForIt() throws Exception {
    open(schema.url()).close(); // the schema laid out
    try (CuttingProxy proxy = schema.proxy()) {
      proxy.refuse(true);
      CompletableFuture<SessionStore> opening = CompletableFuture.supplyAsync(() -> open(schema.urlThrough(proxy,
          "opening")));
      await().atMost(Duration.ofSeconds(WAIT_S)).until(() -> proxy.refused() > 0);
      proxy.refuse(false);
      try (SessionStore store = opening.get(WAIT_S, TimeUnit.SECONDS)) {
        store.create(Duration.ofHours(1));
        assertEquals(1, store.revision());
      }
    }
  }

  private SessionStore open(String url) {
    return SessionStores.open(url, state.path(), Clock.systemUTC());
  }

  private static Session laterExpiry(Session s) {
    Instant later = s.expiresAt().plusSeconds(60);
    return new Session(s.id(), s.tokenHash(), s.createdAt(), later, s.revoked(), s.connected(), s.connectionId(),
        s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client(), s.history());
  }

  /** Terminates the server processes of the store named {@code app} in {@code state}; returns how many. */
  private int terminate(String app, String backendState) throws Exception {
    try (Connection c = schema.connect();
        PreparedStatement s = c.prepareStatement("SELECT count(pg_terminate_backend(pid, 10000))"
            + " FROM pg_stat_activity WHERE application_name = ? AND state = ?")) {
      s.setString(1, app);
      s.setString(2, backendState);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
