package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storm clients' shared store reader: wakes waiters on a change made by another store, and times out. */
class StoreObserverTest {

  @TempDir
  Path dir;

  @Test
  void aWaiterWakesWhenAnotherStoreCommitsAndOthersKeepWaiting() throws Exception {
    try (SessionStore store = SessionStores.open(dir);
        SessionStore writer = SessionStores.open(dir);
        StoreObserver observer = new StoreObserver(store, dir)) {
      NewSession a = store.create(Duration.ofHours(1));
      NewSession b = store.create(Duration.ofHours(1));
      CompletableFuture<Session> connected = CompletableFuture.supplyAsync(() -> {
        try {
          return observer.await(a.session().id(), Session::connected, Duration.ofSeconds(10));
        } catch (TimeoutException e) {
          throw new AssertionError(e);
        }
      });
      CompletableFuture<Session> other = CompletableFuture.supplyAsync(() -> {
        try {
          return observer.await(b.session().id(), Session::connected, Duration.ofSeconds(10));
        } catch (TimeoutException e) {
          throw new AssertionError(e);
        }
      });
      writer.markConnected(a.session().id(), "c1", ClientInfo.UNKNOWN);
      Session seen = connected.get(10, TimeUnit.SECONDS);
      assertTrue(seen.connected());
      assertEquals("c1", seen.connectionId());
      assertFalse(other.isDone());
      writer.markConnected(b.session().id(), "c2", ClientInfo.UNKNOWN);
      assertEquals("c2", other.get(10, TimeUnit.SECONDS).connectionId());
    }
  }

  @Test
  void aConditionThatNeverHoldsTimesOut() throws Exception {
    try (SessionStore store = SessionStores.open(dir);
        StoreObserver observer = new StoreObserver(store, dir)) {
      NewSession a = store.create(Duration.ofHours(1));
      assertThrows(TimeoutException.class,
          () -> observer.await(a.session().id(), Session::connected, Duration.ofMillis(200)));
    }
  }
}
