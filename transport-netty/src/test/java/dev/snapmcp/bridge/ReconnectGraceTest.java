package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.MutableClock;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reconnection grace over real sockets: a tab that dropped is {@code reconnecting} and commands wait for it; the
 * grace running out makes it {@code not_connected}; a bridge that took over from a killed one knows its sessions are
 * coming back.
 */
class ReconnectGraceTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ControlClient control(BridgeFixture fixture) {
    return new ControlClient(URI.create("http://127.0.0.1:" + fixture.port()), fixture.token(),
        Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  private static SessionView view(ControlClient control, String id) {
    return control.sessions().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aCommandForATabThatDroppedWaitsForItAndRuns() throws Exception {
    try (BridgeFixture fixture = BridgeFixture.start(); ControlClient control = control(fixture)) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      assertEquals("not_paired", view(control, id).state());
      FakeBrowser first = FakeBrowser.connected(fixture.port(), id, s.token());
      assertEquals("connected", view(control, id).state());
      first.abort();
      await().atMost(WAIT).until(() -> "reconnecting".equals(view(control, id).state()));
      assertNotNull(view(control, id).droppedAt());
      CompletableFuture<JsonNode> call =
          CompletableFuture.supplyAsync(() -> control.command(id, "get_project", Map.of(), Duration.ofSeconds(15)));
      await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !call.isDone());
      try (FakeBrowser back = FakeBrowser.to(fixture.port())
          .responder((op, args) -> FakeBrowser.Reply.value(Map.of("name", "back"))).connect()) {
        back.hello(id, s.token()).awaitFrame("welcome", WAIT);
        assertEquals("back", call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).path("name").asString());
        assertEquals("connected", view(control, id).state());
      }
    }
  }

  @Test
  void whenTheGraceRunsOutWhatWaitsFailsAsNotConnected() {
    try (BridgeFixture fixture = BridgeFixture.start(b -> b.reconnectGrace(Duration.ofMillis(500)));
        ControlClient control = control(fixture)) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      FakeBrowser.connected(fixture.port(), id, s.token()).abort();
      await().atMost(WAIT).until(() -> !"connected".equals(view(control, id).state()));
      long start = System.nanoTime();
      ControlException e = assertThrows(ControlException.class,
          () -> control.command(id, "status", Map.of(), Duration.ofSeconds(15)));
      assertEquals("not_connected", e.code());
      assertEquals(409, e.status());
      assertTrue(e.getMessage().contains("did not come back within"), e.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "at the grace, not the timeout");
      assertEquals("not_connected", view(control, id).state());
    }
  }

  @Test
  void theStateFollowsTheBridgesClock() {
    MutableClock clock = new MutableClock(Instant.now());
    try (BridgeFixture fixture = BridgeFixture.start(b -> b.clock(clock)); ControlClient control = control(fixture)) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      FakeBrowser.connected(fixture.port(), id, s.token()).abort();
      await().atMost(WAIT).until(() -> "reconnecting".equals(view(control, id).state()));
      clock.advance(Duration.ofSeconds(29));
      assertEquals("reconnecting", view(control, id).state());
      clock.advance(Duration.ofSeconds(2));
      assertEquals("not_connected", view(control, id).state());
      ControlException e = assertThrows(ControlException.class, () -> control.command(id, "status", Map.of()));
      assertEquals("not_connected", e.code());
    }
  }

  @Test
  void aBridgeThatTookOverFromAKilledOneKnowsItsTabsAreComingBackAndACallWaitsForThem() throws Exception {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      NewSession s = store.create(Duration.ofHours(1));
      String id = s.session().id();
      FakeBrowser tab;
      try (ChildJvm child = ChildJvm.builder(ChildBridgeMain.class).args(state.path().toString()).start()) {
        int childPort = Integer.parseInt(child.awaitLine(l -> l.startsWith("port "), WAIT).substring(5));
        tab = FakeBrowser.connected(childPort, id, s.token());
        child.kill();
        tab.awaitClose(WAIT);
      }
      try (BridgeServer successor = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start();
          ControlClient control = new ControlClient(URI.create("http://127.0.0.1:" + successor.port()),
              java.nio.file.Files.readString(successor.tokenFile()), Duration.ofSeconds(2), Duration.ofSeconds(10))) {
        Session stored = store.get(id).orElseThrow();
        SessionView view = view(control, id);
        assertEquals("reconnecting", view.state(), "bridge_restarted counts as a drop at the takeover");
        assertEquals(stored.disconnectedAt(), view.droppedAt());
        CompletableFuture<JsonNode> call =
            CompletableFuture.supplyAsync(() -> control.command(id, "status", Map.of(), Duration.ofSeconds(15)));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !call.isDone());
        try (FakeBrowser back = FakeBrowser.connected(successor.port(), id, s.token())) {
          JsonNode value = call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          assertFalse(value.isMissingNode());
        }
      }
    }
  }
}
