package dev.snapmcp.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.testing.TempStateDir;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code await} learns of changes by LISTEN/NOTIFY, across two stores with pools of their own: it reads the session
 * once, then not again until a commit notifies that very session (commits of other sessions do not wake it), and a
 * change made while its listening connection was cut (and could not come back) still wakes it once it listens again.
 */
class AwaitNotificationsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Longer than any wait of the test: an await that returns by its own deadline (and a last read) fails the test. */
  private static final Duration AWAIT_TIMEOUT = WAIT.multipliedBy(4);

  private final TestSchema schema = TestSchema.create();
  private final TempStateDir state = TempStateDir.create();
  private final SessionStore waiting = open("waiter");
  private final SessionStore writing = open("writer");

  private SessionStore open(String name) {
    return SessionStores.open(schema.url() + "&application_name=" + name, state.path(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    waiting.close();
    writing.close();
    schema.close();
    state.close();
  }

  @Test
  void aWaiterReadsOnlyWhenItsSessionIsNotified() throws Exception {
    String id = writing.create(Duration.ofHours(1)).session().id();
    String other = writing.create(Duration.ofHours(1)).session().id();
    AtomicInteger looks = new AtomicInteger();
    CompletableFuture<Session> connected = CompletableFuture.supplyAsync(() -> waiting.await(id, s -> {
      looks.incrementAndGet();
      return s.connected();
    }, AWAIT_TIMEOUT));
    // One read, then one more once it listens (a change in between would be seen by that one): now it waits.
    await().atMost(WAIT).until(() -> looks.get() == 2);

    for (int i = 0; i < 20; i++) { // commits of another session: notified, but not to this waiter's session
      writing.markConnected(other, "c" + i, ClientInfo.UNKNOWN);
    }
    assertEquals(2, looks.get(), "no read without a notification of its own session: no polling");
    assertFalse(connected.isDone());

    writing.markConnected(id, "c1", ClientInfo.UNKNOWN);
    Session s = connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals("c1", s.connectionId());
    assertEquals(3, looks.get(), "the reads at the start, and one after the notification");
  }

  @Test
  void aChangeMadeWhileTheListenerWasCutOffStillWakesTheWaiter() throws Exception {
    String id = writing.create(Duration.ofHours(1)).session().id();
    try (CuttingProxy proxy = schema.proxy();
        SessionStore cutOff = SessionStores.open(schema.urlThrough(proxy, "cut-off"), state.path(),
            Clock.systemUTC())) {
      AtomicInteger looks = new AtomicInteger();
      CompletableFuture<Session> connected = CompletableFuture.supplyAsync(() -> cutOff.await(id, s -> {
        looks.incrementAndGet();
        return s.connected();
      }, AWAIT_TIMEOUT));
      await().atMost(WAIT).until(() -> looks.get() == 2); // listening, and waiting
      proxy.refuse(true);
      proxy.cutAll(); // as a restarting server: the listening connection is gone and cannot come back yet
      writing.markConnected(id, "while-cut", ClientInfo.UNKNOWN); // its notification reaches no listener of cutOff
      proxy.refuse(false);
      assertEquals("while-cut", connected.get(WAIT.toSeconds(), TimeUnit.SECONDS).connectionId(),
          "listening again, the waiter read again");
      assertTrue(looks.get() >= 3);
    }
  }
}
