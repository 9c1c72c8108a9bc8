package dev.snapmcp.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The whole path across processes: a real WebSocket says hello to a real bridge, and {@code snap-mcp status
 * --wait-connected} in another process sees the session connected with that very connection.
 */
class StatusSeesBridgeConnectTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void anotherProcessSeesARealSocketConnect() {
    try (TempStateDir state = TempStateDir.create();
        SessionStore store = state.open();
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start()) {
      NewSession s = store.create(Duration.ofHours(1));
      String id = s.session().id();
      try (ChildJvm cli =
          ChildJvm.builder(Main.class)
              .args("status", "--state-dir", state.path().toString(), "--wait-connected", id, "--timeout", "60s")
              .start()) {
        cli.awaitStderrLine(l -> l.startsWith("Waiting up to 1m for session " + id), WAIT);
        assertTrue(cli.isAlive());
        try (FakeBrowser browser = FakeBrowser.connected(bridge.port(), id, s.token())) {
          String connection = browser.awaitFrame("welcome", WAIT).path("connection").asString();
          assertEquals(0, cli.waitFor(WAIT), cli.stderr());
          assertEquals(
              "Session " + id + " is connected (connection " + connection + ").",
              String.join("\n", cli.stdoutLines()));
        }
      }
    }
  }
}
