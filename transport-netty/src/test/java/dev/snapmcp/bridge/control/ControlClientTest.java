package dev.snapmcp.bridge.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The one control API client against a real bridge and a fake browser: the five lines of the module's README, and
 * every kind of answer a command gets, typed.
 */
class ControlClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private TempStateDir state;
  private SessionStore store;
  private BridgeServer bridge;
  private final List<String> ops = new ArrayList<>();

  @BeforeEach
  void start() {
    state = TempStateDir.create();
    store = state.open();
    bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start();
  }

  @AfterEach
  void stop() {
    bridge.close();
    store.close();
    state.close();
  }

  /** A fake Snap! tab that has said it is ready, answering every op with its name and arguments. */
  private FakeBrowser readyTab(NewSession session) {
    FakeBrowser tab = FakeBrowser.to(bridge.port())
        .responder((op, args) -> {
          synchronized (ops) {
            ops.add(op);
          }
          return op.equals("get_variables")
              ? FakeBrowser.Reply.error("unknown_sprite", "There is no sprite named \"Bob\"")
              : FakeBrowser.Reply.value(Map.of("op", op, "args", args, "state", Map.of("ready", true)));
        })
        .connect();
    tab.hello(session.session().id(), session.token()).awaitFrame("welcome", WAIT);
    tab.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "snap", "12", "project", "Untitled"));
    try (ControlClient client = ControlClient.connect(state.path())) {
      await().atMost(WAIT).until(() -> client.sessions().stream().anyMatch(SessionView::ready));
    }
    return tab;
  }

  @Test
  void theReadmesFiveLinesDriveATab() {
    NewSession session = store.create(Duration.ofHours(1));
    try (FakeBrowser ignored = readyTab(session)) {
      JsonNode run;
      // The lines of transport-netty/README.md, with the test's state folder for the default one.
      try (ControlClient bridge = ControlClient.connect(state.path())) {
        SessionView tab = bridge.sessions().stream().filter(SessionView::ready).findFirst().orElseThrow();
        bridge.command(tab.id(), "add_script", Map.of("code", "(receiveGo) (forward 10)"));
        run = bridge.command(tab.id(), "run", Map.of("mode", "green_flag", "timeoutMs", 2000));
      }
      assertEquals(List.of("add_script", "run"), ops);
      assertEquals("green_flag", run.path("args").path("mode").asString());
    }
  }

  @Test
  void healthAndTheSessionViewAreTyped() {
    NewSession session = store.create(Duration.ofHours(1));
    try (FakeBrowser ignored = readyTab(session); ControlClient client = ControlClient.connect(state.path())) {
      Health health = client.health();
      assertTrue(health.ok());
      assertEquals(bridge.port(), health.port());
      assertEquals(ProcessHandle.current().pid(), health.pid());
      assertEquals(1, health.connections());
      SessionView view = client.sessions().get(0);
      assertEquals(session.session().id(), view.id());
      assertTrue(view.connected());
      assertEquals("12", view.snap());
      assertEquals("Untitled", view.project());
      assertEquals("FakeBrowser", view.client().userAgent());
      assertEquals("Snap! Build Your Own Blocks", view.tab().title());
      assertEquals("ready", view.events().get(0).path("event").asString());
    }
  }

  @Test
  void everyRefusalIsAControlExceptionWithItsCode() {
    NewSession session = store.create(Duration.ofHours(1));
    NewSession idle = store.create(Duration.ofHours(1));
    try (FakeBrowser ignored = readyTab(session); ControlClient client = ControlClient.connect(state.path())) {
      ControlException browser = assertThrows(ControlException.class,
          () -> client.command(session.session().id(), "get_variables", Map.of("sprite", "Bob")));
      assertEquals(ControlException.Kind.BROWSER_ERROR, browser.kind());
      assertEquals("unknown_sprite", browser.code());
      assertEquals(502, browser.status());
      ControlException notPaired = assertThrows(ControlException.class,
          () -> client.command(idle.session().id(), "status", Map.of()));
      assertEquals(ControlException.Kind.REFUSED, notPaired.kind());
      assertEquals("not_paired", notPaired.code());
      assertEquals(409, notPaired.status());
      ControlException unknown = assertThrows(ControlException.class,
          () -> client.command("sess_nobodyHere000000", "status", null));
      assertEquals("unknown_session", unknown.code());
      ControlException badTimeout = assertThrows(ControlException.class,
          () -> client.command(session.session().id(), "status", Map.of(), Duration.ofHours(1)));
      assertEquals("bad_request", badTimeout.code());
      assertEquals(400, badTimeout.status());
      JsonNode value = client.command(session.session().id(), "status", null);
      assertEquals(Json.mapper().createObjectNode(), value.path("args"), "no arguments travel as {}");
    }
  }

  @Test
  void withoutABridgeConnectSaysSo() {
    bridge.close();
    ControlException e = assertThrows(ControlException.class, () -> ControlClient.connect(state.path()));
    assertEquals(ControlException.Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().contains("no snap-mcp bridge is running"), e.getMessage());
    ControlException noFolder =
        assertThrows(ControlException.class, () -> ControlClient.connect(state.path().resolve("nothing-here")));
    assertEquals(ControlException.Kind.UNREACHABLE, noFolder.kind());
  }
}
