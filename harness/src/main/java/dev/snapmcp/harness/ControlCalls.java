package dev.snapmcp.harness;

import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.core.StateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The connections scenario's calls to the bridge's control API, through transport-netty's typed {@link ControlClient}
 * (the one client every snap-mcp process uses): a {@code status} command to one session's tab, and the health view.
 */
final class ControlCalls implements AutoCloseable {

  /** What one command round trip took (control API -> WebSocket -> tab -> back) and, when it failed, why. */
  record Answer(long nanos, String failure) {}

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final ControlClient client;

  /** For the bridge on {@code port}, with the token it wrote to the state folder. */
  ControlCalls(int port, Path stateDir) throws IOException {
    String token = StateFiles.readPrivate(StateFiles.bridgeToken(stateDir)).map(String::strip)
        .orElseThrow(() -> new IOException("the bridge wrote no token to " + StateFiles.bridgeToken(stateDir)));
    this.client = new ControlClient(URI.create("http://127.0.0.1:" + port), token, ControlClient.CONNECT_TIMEOUT,
        ConnectionsScenario.WAIT);
  }

  /** Sends a {@code status} command to the tab of session {@code id} and waits for its answer. */
  Answer status(String id) {
    long t0 = System.nanoTime();
    try {
      client.command(id, "status", Map.of(), COMMAND_TIMEOUT);
      return new Answer(System.nanoTime() - t0, null);
    } catch (ControlException e) {
      return new Answer(System.nanoTime() - t0, e.getMessage());
    }
  }

  /** How many WebSocket connections the bridge says it holds ({@code GET /api/v1/health}). */
  long connections() {
    return client.health().connections();
  }

  @Override
  public void close() {
    client.close();
  }
}
