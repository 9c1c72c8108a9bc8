package dev.snapmcp.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code snap-mcp status --wait-connected} in its own process returns when another process connects the session. */
class WaitConnectedProcessTest {

  @Test
  void waitingCommandReturnsWhenAnotherProcessConnects() {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      String id = store.create(Duration.ofHours(1)).session().id();
      try (ChildJvm cli = ChildJvm.builder(Main.class)
          .args("status", "--state-dir", state.path().toString(), "--wait-connected", id, "--timeout", "60s")
          .start()) {
        cli.awaitStderrLine(l -> l.startsWith("Waiting up to 1m for session " + id), Duration.ofSeconds(60));
        assertTrue(cli.isAlive(), "still waiting: " + cli.stdoutLines());
        store.markConnected(id, "conn-42", ClientInfo.UNKNOWN);
        assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli.stderr());
        assertEquals("Session " + id + " is connected (connection conn-42).", String.join("\n", cli.stdoutLines()));
        assertEquals(1, cli.stderrLines().size(), "only the progress line: logs stay quiet by default; "
            + cli.stderr());
      }
    }
  }
}
