package dev.snapmcp.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Scram;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link SessionStoreContract} about sessions themselves: created, read, updated and listed; connected and
 * disconnected (the late-close rule); touched; expired and purged; their tokens checked; revoked. Implementations
 * extend {@link SessionStoreContract}, not this class.
 */
public abstract class SessionsContract extends StoreContractBase {

  // ---------------------------------------------------------------- create, get, list

  @Test
  void aFreshStorageHoldsNothing() {
    SessionStore store = open();
    assertEquals(List.of(), store.list());
    assertEquals(0, store.revision());
    assertEquals(Optional.empty(), store.bridge());
    assertEquals(Optional.empty(), store.get(NO_SUCH_SESSION));
    assertEquals(Optional.empty(), store.get(null));
  }

  @Test
  void createsSessionWithHashedTokenOnly() {
    SessionStore store = open();
    NewSession created = store.create(Duration.ofMinutes(30));
    Session s = created.session();
    assertTrue(s.id().matches("sess_[A-Za-z0-9_-]{16}"), s.id());
    assertTrue(created.token().matches("[A-Za-z0-9_-]{43}"), created.token());
    assertEquals(START, s.createdAt());
    assertEquals(Instant.parse("2026-01-01T10:30:00Z"), s.expiresAt());
    // The SCRAM-SHA-256 verifier (docs/store-format.md): salt, iterations, StoredKey, ServerKey; never the token.
    assertTrue(s.tokenHash().matches("scram-sha-256:4096:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}="),
        s.tokenHash());
    assertTrue(Scram.Verifier.parse(s.tokenHash()).orElseThrow().matches(created.token()));
    assertFalse(s.connected());
    assertFalse(s.revoked());
    assertEquals(List.of(), s.history());
    assertEquals(List.of(s), store.list());
    assertEquals(s, store.get(s.id()).orElseThrow());
    assertEquals(1, store.revision());
    NewSession other = store.create(Duration.ofMinutes(30));
    assertNotEquals(s.id(), other.session().id());
    assertNotEquals(created.token(), other.token());
  }

  @Test
  void createRefusesATimeToLiveThatIsNotPositive() {
    SessionStore store = open();
    for (Duration ttl : Arrays.asList(null, Duration.ZERO, Duration.ofSeconds(-1))) {
      assertThrows(IllegalArgumentException.class, () -> store.create(ttl), String.valueOf(ttl));
    }
    assertEquals(0, store.revision());
    assertEquals(List.of(), store.list());
  }

  @Test
  void listIsOldestFirst() {
    SessionStore store = open();
    String first = store.create(Duration.ofHours(1)).session().id();
    clock.advance(Duration.ofSeconds(1));
    String second = store.create(Duration.ofMinutes(5)).session().id();
    clock.advance(Duration.ofSeconds(1));
    String third = store.create(Duration.ofHours(2)).session().id();
    store.markConnected(first, "c1", ClientInfo.UNKNOWN);
    assertEquals(List.of(first, second, third), store.list().stream().map(Session::id).toList());
  }

  // ---------------------------------------------------------------- update

  @Test
  void updateCommitsTheChangeAndReturnsItAsCommitted() {
    SessionStore store = open();
    Session s = store.create(Duration.ofHours(1)).session();
    long before = store.revision();
    Session changed = store.update(s.id(), x -> withExpiry(x, x.expiresAt().plusSeconds(60)));
    assertEquals(s.expiresAt().plusSeconds(60), changed.expiresAt());
    assertEquals(changed, store.get(s.id()).orElseThrow());
    assertEquals(before + 1, store.revision());
  }

  @Test
  void updateOfUnknownSessionIsNotFoundAndChangesNothing() {
    SessionStore store = open();
    store.create(Duration.ofHours(1));
    long rev = store.revision();
    StoreException e = assertThrows(StoreException.class, () -> store.update("sess_nosuchsession00", s -> s));
    assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
    assertEquals(rev, store.revision());
  }

  @Test
  void anUpdateThatFailsOrReturnsAnotherSessionCommitsNothing() {
    SessionStore store = open();
    Session s = store.create(Duration.ofHours(1)).session();
    long rev = store.revision();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store.update(s.id(), x -> {
      throw new IllegalStateException("the change's own failure");
    }));
    assertEquals("the change's own failure", thrown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> store.update(s.id(), x -> null));
    assertThrows(IllegalArgumentException.class, () -> store.update(s.id(), x -> new Session("sess_another0000000",
        x.tokenHash(), x.createdAt(), x.expiresAt(), false, false, null, null, null, null, null, List.of())));
    assertEquals(rev, store.revision());
    assertEquals(List.of(s), store.list());
  }

  @Test
  void concurrentUpdatesThroughTwoStoresLoseNothing() throws Exception {
    SessionStore a = open();
    SessionStore b = open();
    Session counter = a.create(Duration.ofDays(1)).session();
    int threads = 4;
    int each = 25;
    List<Future<Void>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SessionStore via = t % 2 == 0 ? a : b;
      workers.add(inBackground("contract-updater-" + t, () -> {
        for (int i = 0; i < each; i++) {
          via.update(counter.id(), s -> withExpiry(s, s.expiresAt().plusSeconds(1)));
        }
        return null;
      }));
    }
    for (Future<Void> w : workers) {
      w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    assertEquals(counter.expiresAt().plusSeconds(threads * each), b.get(counter.id()).orElseThrow().expiresAt(),
        "every update applied exactly once, whichever store made it");
  }

  // ---------------------------------------------------------------- connections

  @Test
  void markConnectedRecordsTheConnection() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    clock.advance(Duration.ofSeconds(1));
    ClientInfo client = new ClientInfo("0.1", "10.0", "ua");
    Session s = store.markConnected(id, "c1", client);
    assertTrue(s.connected());
    assertEquals("c1", s.connectionId());
    assertEquals(clock.instant(), s.connectedAt());
    assertEquals(clock.instant(), s.lastSeenAt());
    assertNull(s.disconnectedAt());
    assertEquals(client, s.client());
    assertEquals(List.of(new SessionEvent(SessionEvent.CONNECTED, clock.instant(), "c1", null)), s.history());
    assertEquals(s, store.get(id).orElseThrow());
  }

  @Test
  void lateCloseOfAReplacedConnectionLeavesSessionConnected() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(id, "old", new ClientInfo("0.1", "10.0", "ua"));
    clock.advance(Duration.ofSeconds(1));
    Session replaced = store.markConnected(id, "new", new ClientInfo("0.1", "10.0", "ua"));
    assertTrue(replaced.connected());
    assertEquals("new", replaced.connectionId());
    clock.advance(Duration.ofSeconds(1));
    Session afterLateClose = store.markDisconnected(id, "old", "closed");
    assertTrue(afterLateClose.connected(), "a late close of a replaced socket changes nothing");
    assertEquals("new", afterLateClose.connectionId());
    SessionEvent last = afterLateClose.history().get(afterLateClose.history().size() - 1);
    assertEquals(new SessionEvent(SessionEvent.DISCONNECTED, clock.instant(), "old", "closed"), last);
    assertEquals(List.of(SessionEvent.CONNECTED, SessionEvent.REPLACED, SessionEvent.CONNECTED,
        SessionEvent.DISCONNECTED), afterLateClose.history().stream().map(SessionEvent::type).toList());

    Session closed = store.markDisconnected(id, "new", "heartbeat_timeout");
    assertFalse(closed.connected());
    assertEquals(clock.instant(), closed.disconnectedAt());
    assertEquals(store.get(id).orElseThrow(), closed);
  }

  @Test
  void markingAnUnknownSessionIsNotFoundAndChangesNothing() {
    SessionStore store = open();
    store.create(Duration.ofHours(1));
    long rev = store.revision();
    assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class,
        () -> store.markConnected(NO_SUCH_SESSION, "c1", ClientInfo.UNKNOWN)).kind());
    assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class,
        () -> store.markDisconnected(NO_SUCH_SESSION, "c1", "closed")).kind());
    assertEquals(rev, store.revision());
  }

  @Test
  void historyIsBoundedOldestDroppedFirst() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    int cycles = Session.HISTORY_LIMIT / 2 + 5; // two events each: ten more than the limit
    for (int i = 0; i < cycles; i++) {
      store.markConnected(id, "c" + i, ClientInfo.UNKNOWN);
      store.markDisconnected(id, "c" + i, "closed");
    }
    List<SessionEvent> history = store.get(id).orElseThrow().history();
    assertEquals(Session.HISTORY_LIMIT, history.size());
    assertEquals(new SessionEvent(SessionEvent.CONNECTED, clock.instant(), "c5", null), history.get(0));
    assertEquals(new SessionEvent(SessionEvent.DISCONNECTED, clock.instant(), "c" + (cycles - 1), "closed"),
        history.get(history.size() - 1));
  }

  @Test
  void touchRefreshesLastSeenOnlyForCurrentConnection() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    Instant connectedAt = clock.instant();
    clock.advance(Duration.ofSeconds(5));
    store.touch(id, "other");
    assertEquals(connectedAt, store.get(id).orElseThrow().lastSeenAt());
    store.touch(id, "c1");
    assertEquals(clock.instant(), store.get(id).orElseThrow().lastSeenAt());
    store.touch("sess_nosuchsession00", "c1"); // ignored
  }

  // ---------------------------------------------------------------- expiry, tokens, revocation

  @Test
  void expiryIsRecordedOnceAndPurgeRemovesExpiredAndRevoked() {
    SessionStore store = open();
    String shortLived = store.create(Duration.ofMinutes(1)).session().id();
    String longLived = store.create(Duration.ofHours(1)).session().id();
    String revoked = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(shortLived, "c1", ClientInfo.UNKNOWN);
    assertTrue(store.revoke(revoked));
    assertFalse(store.revoke("sess_nosuchsession00"));
    clock.advance(Duration.ofMinutes(2));
    assertTrue(store.get(shortLived).orElseThrow().isExpiredAt(clock.instant()));
    store.touch(longLived, "none"); // no commit: not connected
    store.markConnected(longLived, "c2", ClientInfo.UNKNOWN); // any commit records expiries
    Session expired = store.get(shortLived).orElseThrow();
    assertFalse(expired.connected(), "an expired session is disconnected");
    assertEquals(1, expired.history().stream().filter(e -> e.type().equals(SessionEvent.EXPIRED)).count());
    store.markDisconnected(longLived, "c2", "closed");
    assertEquals(1, store.get(shortLived).orElseThrow().history().stream()
        .filter(e -> e.type().equals(SessionEvent.EXPIRED)).count(), "recorded once");
    Session rev = store.get(revoked).orElseThrow();
    assertTrue(rev.revoked());
    assertEquals(SessionEvent.REVOKED, rev.history().get(rev.history().size() - 1).type());

    assertEquals(2, store.purgeExpired());
    assertEquals(List.of(longLived), store.list().stream().map(Session::id).toList());
  }

  @Test
  void verifiesTokens() {
    SessionStore store = open();
    NewSession a = store.create(Duration.ofMinutes(5));
    NewSession b = store.create(Duration.ofMinutes(5));
    String id = a.session().id();
    assertEquals(TokenCheck.VALID, store.verifyToken(id, a.token()));
    assertEquals(TokenCheck.REJECTED, store.verifyToken(id, b.token()));
    assertEquals(TokenCheck.REJECTED, store.verifyToken(id, ""));
    assertEquals(TokenCheck.REJECTED, store.verifyToken(id, null));
    assertEquals(TokenCheck.REJECTED, store.verifyToken("sess_nosuchsession00", a.token()));
    assertEquals(TokenCheck.REJECTED, store.verifyToken(null, a.token()));
    clock.advance(Duration.ofMinutes(5));
    assertEquals(TokenCheck.EXPIRED, store.verifyToken(id, a.token()));
    assertEquals(TokenCheck.REJECTED, store.verifyToken(id, b.token()), "expiry never reveals a wrong token");
    assertTrue(store.revoke(b.session().id()));
    clock.advance(Duration.ofMinutes(-1));
    assertEquals(TokenCheck.REJECTED, store.verifyToken(b.session().id(), b.token()), "revoked");
  }

  @Test
  void revokeDisconnectsAndIsRecordedOnce() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    clock.advance(Duration.ofSeconds(1));
    assertTrue(store.revoke(id));
    Session s = store.get(id).orElseThrow();
    assertTrue(s.revoked());
    assertFalse(s.connected(), "a revoked session is disconnected");
    assertEquals(clock.instant(), s.disconnectedAt());
    assertEquals(new SessionEvent(SessionEvent.REVOKED, clock.instant(), "c1", null),
        s.history().get(s.history().size() - 1));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(store.revoke(id), "revoking again is no error");
    assertEquals(s, store.get(id).orElseThrow(), "and changes nothing");
  }
}
