package dev.snapmcp.core.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Scram;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} does, written once for every implementation (as the MCP SDK's abstract transport
 * tests are). Here: the bridge record, await, the revision, several stores on one storage, and importing another file;
 * in {@link SessionsContract}, which this extends: sessions created, read, updated and listed, the connection
 * bookkeeping with its late-close rule, touch, expiry and purge, token checks and revocation. Bad input is refused
 * with nothing changed throughout.
 *
 * <p>An implementation runs it by extending it and saying how to open its stores on fresh, empty storage ({@link
 * StoreContractBase#newStorage()}); {@code FileSessionStoreContractTest} is the file store's:
 *
 * <pre>{@code
 * class FileSessionStoreContractTest extends SessionStoreContract {
 *   @Override
 *   protected Storage newStorage() {
 *     TempStateDir state = TempStateDir.create();
 *     return Storage.of(clock -> SessionStores.open(state.path(), clock), state::close);
 *   }
 * }
 * }</pre>
 *
 * <p>Only the public face of core is used: nothing here knows of files, folders or how the data is kept (the one file
 * is {@link SessionStore#importSessions}'s input, a file by the interface). What one implementation alone promises (the
 * file's bytes and permissions, its lock, other processes) stays in that implementation's own tests. Time is the
 * test's {@link MutableClock}; nothing sleeps: waits are bounded and end when the store answers.
 */
public abstract class SessionStoreContract extends SessionsContract {

  // ---------------------------------------------------------------- the bridge record

  @Test
  void bridgeClaimHeartbeatAndRelease() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    BridgeRecord first = new BridgeRecord(111, "127.0.0.1", 7627, clock.instant(), clock.instant(), "0.1.0");
    assertTrue(store.claimBridge(first, b -> true).isEmpty());
    Session s = store.get(id).orElseThrow();
    assertFalse(s.connected(), "a new bridge disconnects sessions still marked connected");
    assertEquals("bridge_restarted", s.history().get(s.history().size() - 1).reason());

    BridgeRecord second = new BridgeRecord(222, "127.0.0.1", 7628, clock.instant(), clock.instant(), "0.1.0");
    assertEquals(first, store.claimBridge(second, b -> true).orElseThrow(), "a live bridge keeps its place");
    assertTrue(store.claimBridge(second, b -> false).isEmpty(), "a dead one does not");
    assertEquals(second, store.bridge().orElseThrow());

    clock.advance(Duration.ofSeconds(3));
    assertFalse(store.heartbeatBridge(111));
    assertTrue(store.heartbeatBridge(222));
    assertEquals(clock.instant(), store.bridge().orElseThrow().heartbeatAt());
    store.releaseBridge(111);
    assertTrue(store.bridge().isPresent());
    store.releaseBridge(222);
    assertTrue(store.bridge().isEmpty());
  }

  @Test
  void aBridgeWhoseHeartbeatStoppedIsTakenOverAndItsSessionsMarkedBridgeRestarted() {
    SessionStore store = open();
    long alive = ProcessHandle.current().pid(); // a live process: only the heartbeat can make it stale
    Predicate<BridgeRecord> isLive = b -> b.isLiveAt(clock.instant());
    BridgeRecord running = new BridgeRecord(alive, "127.0.0.1", 7627, clock.instant(), clock.instant(), "0.1.0");
    assertTrue(store.claimBridge(running, isLive).isEmpty());
    String id = store.create(Duration.ofHours(1)).session().id();
    store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    BridgeRecord successor = new BridgeRecord(alive + 1, "127.0.0.1", 7628, clock.instant(), clock.instant(), "0.1.0");

    clock.advance(Duration.ofSeconds(10));
    assertTrue(store.heartbeatBridge(alive));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(alive, store.claimBridge(successor, isLive).orElseThrow().pid(), "a bridge that beats stays");
    assertTrue(store.get(id).orElseThrow().connected());

    clock.advance(BridgeRecord.STALE_AFTER);
    assertTrue(store.claimBridge(successor, isLive).isEmpty(), "a silent one is taken over");
    assertEquals(successor, store.bridge().orElseThrow());
    Session s = store.get(id).orElseThrow();
    assertFalse(s.connected());
    assertEquals(clock.instant(), s.disconnectedAt());
    assertEquals(new SessionEvent(SessionEvent.DISCONNECTED, clock.instant(), "c1", "bridge_restarted"),
        s.history().get(s.history().size() - 1));
    assertFalse(store.heartbeatBridge(alive), "the old bridge learns that the record is no longer its own");
  }

  // ---------------------------------------------------------------- await

  @Test
  void awaitReturnsTheSessionAtOnceWhenTheConditionHolds() {
    SessionStore store = open();
    Session s = store.create(Duration.ofHours(1)).session();
    assertEquals(s, store.await(s.id(), x -> !x.connected(), WAIT));
  }

  @Test
  void awaitWakesOnAnotherStoresCommit() throws Exception {
    SessionStore waiting = open();
    SessionStore other = open();
    String id = waiting.create(Duration.ofHours(1)).session().id();
    AtomicInteger looks = new AtomicInteger();
    Future<Session> connected = inBackground("contract-awaiter", () -> waiting.await(id, s -> {
      looks.incrementAndGet();
      return s.connected();
    }, WAIT));
    await().atMost(WAIT).until(() -> looks.get() > 0); // it has looked once and is waiting now
    assertFalse(connected.isDone());
    other.markConnected(id, "conn-from-other", new ClientInfo("test", null, null));
    Session s = connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals("conn-from-other", s.connectionId());
    assertEquals("test", s.client().extension());
  }

  @Test
  void awaitTimesOutWithAClearError() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    StoreException e = assertThrows(StoreException.class,
        () -> store.await(id, Session::connected, Duration.ofMillis(100)));
    assertEquals(StoreException.Kind.TIMEOUT, e.kind());
    assertTrue(e.getMessage().contains(id));
    StoreException missing = assertThrows(StoreException.class,
        () -> store.await("sess_nosuchsession00", Session::connected, Duration.ofMillis(100)));
    assertEquals(StoreException.Kind.NOT_FOUND, missing.kind());
  }

  // ---------------------------------------------------------------- revisions, several stores

  @Test
  void revisionGrowsByOnePerCommit() {
    SessionStore store = open();
    String id = store.create(Duration.ofHours(1)).session().id();
    long before = store.revision();
    store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    store.markDisconnected(id, "c1", "closed");
    assertEquals(before + 2, store.revision());
  }

  @Test
  void twoStoresOnOneStorageSeeEachOthersCommits() {
    SessionStore a = open();
    SessionStore b = open();
    String id = a.create(Duration.ofHours(1)).session().id();
    b.markConnected(id, "c1", ClientInfo.UNKNOWN);
    a.markDisconnected(id, "c1", "closed");
    assertEquals(3, b.revision());
    assertNotEquals(a, b);
  }

  @Test
  void sessionsCreatedOrRevokedThroughAnotherStoreAreSeenByTheNextRead() {
    SessionStore a = open();
    SessionStore b = open();
    NewSession mine = a.create(Duration.ofHours(1));
    assertEquals(TokenCheck.VALID, a.verifyToken(mine.session().id(), mine.token()));
    assertEquals(TokenCheck.VALID, a.verifyToken(mine.session().id(), mine.token())); // a store may remember reads

    NewSession theirs = b.create(Duration.ofHours(1));
    assertEquals(TokenCheck.VALID, a.verifyToken(theirs.session().id(), theirs.token()));
    assertTrue(a.get(theirs.session().id()).isPresent());
    assertTrue(b.revoke(mine.session().id()));
    assertEquals(TokenCheck.REJECTED, a.verifyToken(mine.session().id(), mine.token()));
    assertTrue(a.get(mine.session().id()).orElseThrow().revoked());
    assertEquals(2, a.list().size());
  }

  // ---------------------------------------------------------------- importing another file

  @Test
  void importBringsInAPrototypeFileFromElsewhere() throws Exception {
    Path elsewhere = Files.createTempFile("active_sessions", ".json");
    try {
      Files.writeString(elsewhere, PROTOTYPE);
      SessionStore store = open();
      String mine = store.create(Duration.ofHours(1)).session().id();
      assertEquals(2, store.importSessions(elsewhere));
      assertEquals(0, store.importSessions(elsewhere), "already there");
      assertEquals(List.of("sess_proto2", "sess_proto1", mine),
          store.list().stream().map(Session::id).toList());
      assertEquals(TokenCheck.VALID, store.verifyToken("sess_proto1", "plain-token-one"));
      assertEquals(PROTOTYPE, Files.readString(elsewhere), "the source is only read");
      Session one = store.get("sess_proto1").orElseThrow();
      assertEquals(Instant.parse("2026-01-01T09:00:00.123456Z"), one.createdAt(), "naive timestamps are UTC");
      assertFalse(one.connected(), "the prototype's connection belonged to a process that is gone");

      Files.writeString(elsewhere, "[]");
      StoreException e = assertThrows(StoreException.class, () -> store.importSessions(elsewhere));
      assertEquals(StoreException.Kind.CORRUPT, e.kind());
      assertTrue(e.getMessage().contains(elsewhere.toString()), e.getMessage());
      assertEquals("[]", Files.readString(elsewhere), "a bad import source is not moved aside");
    } finally {
      Files.deleteIfExists(elsewhere);
    }
  }

  /**
   * Entries known only by part of their fields are kept, listed, and say what they lack; none of them pairs, and none
   * makes the file unreadable. The stored stand-ins: no token hash, the Unix epoch for an unknown creation, the
   * creation for an unknown expiry (so expired).
   */
  @Test
  void importKeepsEveryEntryOfAPrototypeFileEvenIncompleteOnes() throws Exception {
    Path elsewhere = Files.createTempFile("active_sessions", ".json");
    try {
      Files.writeString(elsewhere, PROTOTYPE_PARTIAL);
      SessionStore store = open();
      assertEquals(5, store.importSessions(elsewhere));
      assertEquals(PROTOTYPE_PARTIAL, Files.readString(elsewhere), "the source is only read");
      for (SessionStore reader : List.of(store, open())) {
        assertEquals(List.of("sess_9b27e3d05a18", "sess_c3a81f6d92e4", "sess_0a6f5e4d3c2b", "sess_e70d2b9c4f31",
            "sess_4f1c9a2be07d"), reader.list().stream().map(Session::id).toList(), "unknown creation first");
        Session complete = reader.get("sess_4f1c9a2be07d").orElseThrow();
        assertEquals(List.of(), complete.missing());
        assertEquals(TokenCheck.VALID, reader.verifyToken(complete.id(), "hT3kQ9vX2mR7pL0sW8yB4nC6dF1gJ5aZ"));

        Session onlyConnections = reader.get("sess_9b27e3d05a18").orElseThrow();
        assertEquals(List.of(Session.MISSING_TOKEN, Session.MISSING_CREATED, Session.MISSING_EXPIRY),
            onlyConnections.missing());
        assertEquals(null, onlyConnections.tokenHash());
        assertEquals(Instant.EPOCH, onlyConnections.createdAt());
        assertEquals(Instant.EPOCH, onlyConnections.expiresAt());
        assertFalse(onlyConnections.connected());
        assertEquals(TokenCheck.REJECTED, reader.verifyToken(onlyConnections.id(), ""));

        Session noTimes = reader.get("sess_c3a81f6d92e4").orElseThrow();
        assertEquals(List.of(Session.MISSING_CREATED, Session.MISSING_EXPIRY), noTimes.missing());
        assertTrue(Scram.Verifier.parse(noTimes.tokenHash()).orElseThrow().matches("Zq8rT1uV4wX7yA0bC3dE6fG9hJ2kL5mN"));
        assertEquals(TokenCheck.EXPIRED, reader.verifyToken(noTimes.id(), "Zq8rT1uV4wX7yA0bC3dE6fG9hJ2kL5mN"),
            "an unknown expiry is never in the future");

        Session noToken = reader.get("sess_e70d2b9c4f31").orElseThrow();
        assertEquals(List.of(Session.MISSING_TOKEN), noToken.missing());
        assertEquals(Instant.parse("2999-01-01T00:00:00Z"), noToken.expiresAt());
        assertEquals(TokenCheck.REJECTED, reader.verifyToken(noToken.id(), "null"));

        Session odd = reader.get("sess_0a6f5e4d3c2b").orElseThrow();
        assertEquals(List.of(Session.MISSING_TOKEN, Session.MISSING_CREATED), odd.missing());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), odd.expiresAt(), "epoch seconds");
      }
      assertEquals(0, store.importSessions(elsewhere), "already there");
      assertTrue(store.revoke("sess_9b27e3d05a18"), "an incomplete session can be revoked like any other");
      assertEquals(List.of(Session.MISSING_TOKEN, Session.MISSING_CREATED, Session.MISSING_EXPIRY),
          open().get("sess_9b27e3d05a18").orElseThrow().missing(), "and still says what it lacks");
    } finally {
      Files.deleteIfExists(elsewhere);
    }
  }

  @Test
  void importOfASessionsFileKeepsItsSessionsButNotTheirConnections() throws Exception {
    Path elsewhere = Files.createTempFile("sessions", ".json");
    try {
      Files.writeString(elsewhere, CURRENT_FORMAT);
      SessionStore store = open();
      assertEquals(1, store.importSessions(elsewhere));
      Session s = store.get("sess_AAAAAAAAAAAAAAAA").orElseThrow();
      assertFalse(s.connected(), "its connection belonged to another bridge");
      assertEquals("c9", s.connectionId());
      assertEquals(clock.instant(), s.disconnectedAt());
      assertEquals(TokenCheck.VALID, store.verifyToken(s.id(), "imported-token"));
      assertEquals(1, store.revision());
      assertEquals(0, store.importSessions(elsewhere));
    } finally {
      Files.deleteIfExists(elsewhere);
    }
  }

  @Test
  void importOfADamagedNewerOrMissingFileImportsNothing() throws Exception {
    Path elsewhere = Files.createTempFile("sessions", ".json");
    try {
      SessionStore store = open();
      store.create(Duration.ofHours(1));
      long rev = store.revision();
      List<Session> before = store.list();
      Files.writeString(elsewhere, "{\"format\":");
      assertEquals(StoreException.Kind.CORRUPT, importFailure(store, elsewhere).kind());
      Files.writeString(elsewhere, CURRENT_FORMAT.replace("\"1.0\"", "\"2.0\""));
      assertEquals(StoreException.Kind.NEWER_VERSION, importFailure(store, elsewhere).kind());
      Files.delete(elsewhere);
      assertEquals(StoreException.Kind.IO, importFailure(store, elsewhere).kind());
      assertEquals(rev, store.revision());
      assertEquals(before, store.list());
    } finally {
      Files.deleteIfExists(elsewhere);
    }
  }

  private static StoreException importFailure(SessionStore store, Path source) {
    StoreException e = assertThrows(StoreException.class, () -> store.importSessions(source));
    assertTrue(e.getMessage().contains(source.toString()), e.getMessage());
    return e;
  }
}
