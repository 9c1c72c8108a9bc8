package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.MutableClock;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting, refusing, stopping and taking over: the bridge's record in the store, across real processes. */
class BridgeLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void startRegistersWritesAPrivateTokenAndCloseCleansUp() throws IOException {
    BridgeFixture fixture = BridgeFixture.start();
    NewSession s = fixture.newSession();
    BridgeRecord record = fixture.store.bridge().orElseThrow();
    assertEquals(ProcessHandle.current().pid(), record.pid());
    assertEquals(fixture.port(), record.port());
    assertEquals("127.0.0.1", record.host());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fixture.bridge.tokenFile())));
    assertTrue(fixture.token().length() >= 43, "256 bits, base64url");
    FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token());
    try (SessionStore store = fixture.store) {
      fixture.bridge.close();
      assertEquals(1001, browser.awaitClose(WAIT).code());
      Session after = store.get(s.session().id()).orElseThrow();
      assertFalse(after.connected());
      assertEquals("bridge_stopped", after.history().get(after.history().size() - 1).reason());
      assertTrue(store.bridge().isEmpty(), "record released");
      assertFalse(Files.exists(fixture.bridge.tokenFile()), "token removed");
    } finally {
      fixture.state.close();
    }
  }

  @Test
  void aSecondBridgeRefusesNamingTheLiveOnesPidAndPort() {
    try (BridgeFixture first = BridgeFixture.start()) {
      BridgeServer second = new BridgeServer(BridgeConfig.builder(first.store).port(0).build());
      BridgeException e = assertThrows(BridgeException.class, second::start);
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("port " + first.port()), e.getMessage());
      second.close();
      // The refusal took nothing from the first.
      assertEquals(first.port(), first.store.bridge().orElseThrow().port());
      assertEquals(200, first.get("/api/v1/health").statusCode());
    }
  }

  @Test
  void aPortHeldByAnotherProgramIsAClearError() throws IOException {
    try (ServerSocket foreign = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        TempStateDir state = TempStateDir.create();
        SessionStore store = state.open()) {
      BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(foreign.getLocalPort()).build());
      BridgeException e = assertThrows(BridgeException.class, bridge::start);
      assertTrue(e.getMessage().contains("port " + foreign.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertTrue(store.bridge().isEmpty());
      bridge.close();
    }
  }

  @Test
  void aBridgeKilledWithSessionsConnectedIsTakenOverAndItsSessionsMarkedBridgeRestarted() {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      NewSession s = store.create(Duration.ofHours(1));
      String id = s.session().id();
      int childPort;
      try (ChildJvm child = ChildJvm.builder(ChildBridgeMain.class).args(state.path().toString()).start()) {
        childPort = Integer.parseInt(child.awaitLine(l -> l.startsWith("port "), WAIT).substring(5));
        FakeBrowser browser = FakeBrowser.connected(childPort, id, s.token());
        assertTrue(store.get(id).orElseThrow().connected());
        child.kill();
        browser.awaitClose(WAIT);
        // Killed: the store still says connected, and the record still names the dead bridge.
        assertTrue(store.get(id).orElseThrow().connected());
        assertEquals(child.pid(), store.bridge().orElseThrow().pid());
      }
      try (BridgeServer restarted = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start()) {
        Session after = store.get(id).orElseThrow();
        assertFalse(after.connected());
        assertEquals("bridge_restarted", after.history().get(after.history().size() - 1).reason());
        assertEquals(ProcessHandle.current().pid(), store.bridge().orElseThrow().pid());
        // The tab reconnects to the new bridge.
        try (FakeBrowser again = FakeBrowser.connected(restarted.port(), id, s.token())) {
          assertTrue(store.get(id).orElseThrow().connected());
        }
      }
    }
  }

  @Test
  void anotherProcessSeesTheConnectionInTheStore() {
    try (BridgeFixture fixture = BridgeFixture.start()) {
      NewSession s = fixture.newSession();
      try (ChildJvm watcher =
          ChildJvm.builder(AwaitConnectedMain.class)
              .args(fixture.state.path().toString(), s.session().id(), "30000")
              .start()) {
        watcher.awaitLine("watching"::equals, WAIT);
        try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
          String connection = browser.awaitFrame("welcome", WAIT).path("connection").asString();
          String line = watcher.awaitLine(l -> l.startsWith("connected "), WAIT);
          assertEquals(connection, line.split(" ")[1]);
          assertEquals(0, watcher.waitFor(WAIT));
        }
      }
    }
  }

  @Test
  void aSessionRevokedByAnotherProcessLosesItsLiveTab() {
    try (BridgeFixture fixture = BridgeFixture.start(b -> b.heartbeatEvery(Duration.ofMillis(50)))) {
      NewSession s = fixture.newSession();
      NewSession other = fixture.newSession();
      try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token());
          FakeBrowser bystander = FakeBrowser.connected(fixture.port(), other.session().id(), other.token())) {
        // snap-mcp session revoke, as another process would: straight into the store.
        try (SessionStore elsewhere = fixture.state.open()) {
          assertTrue(elsewhere.revoke(s.session().id()));
        }
        assertEquals("unauthorized", browser.awaitFrame("error", WAIT).path("code").asString());
        assertEquals(1008, browser.awaitClose(WAIT).code());
        assertEquals(409, fixture.command(s.session().id(), "status", java.util.Map.of(), null).statusCode());
        assertEquals(200, fixture.command(other.session().id(), "status", java.util.Map.of(), null).statusCode());
        assertFalse(bystander.isClosed());
      }
    }
  }

  @Test
  void aSessionThatExpiresWhileConnectedLosesItsTab() {
    // A session with an hour to live on the bridge's clock: the handshake passes, then the clock moves past the hour
    // and the periodic check finds it expired. (With a real two-second session, a loaded machine's handshake could
    // outlast the session.)
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (BridgeFixture fixture = BridgeFixture.start(b -> b.heartbeatEvery(Duration.ofMillis(50)).clock(clock))) {
      NewSession s = fixture.store.create(Duration.ofHours(1));
      try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
        clock.advance(Duration.ofHours(2));
        assertEquals("expired", browser.awaitFrame("error", WAIT).path("code").asString());
        browser.awaitClose(WAIT);
      }
      await().atMost(WAIT).until(() -> !fixture.store.get(s.session().id()).orElseThrow().connected());
      Session after = fixture.store.get(s.session().id()).orElseThrow();
      // The close is recorded with reason expired; the store's own "expired" event may come before or after it (the
      // first commit after the expiry records it: the bridge's heartbeat, or this close when its clock read came later).
      assertTrue(after.history().stream().anyMatch(e -> SessionEvent.DISCONNECTED.equals(e.type())
          && "expired".equals(e.reason())), after.history()::toString);
    }
  }

  @Test
  void heartbeatsKeepTheRecordFresh() {
    try (BridgeFixture fixture = BridgeFixture.start(b -> b.heartbeatEvery(Duration.ofMillis(50)))) {
      var first = fixture.store.bridge().orElseThrow().heartbeatAt();
      await().atMost(WAIT).until(() -> fixture.store.bridge().orElseThrow().heartbeatAt().isAfter(first));
    }
  }

  @Test
  void closeIsIdempotentAndCloseBeforeStartIsHarmless() {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      new BridgeServer(BridgeConfig.builder(store).port(0).build()).close();
      BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start();
      bridge.close();
      bridge.close();
      assertTrue(store.bridge().isEmpty());
    }
  }
}
