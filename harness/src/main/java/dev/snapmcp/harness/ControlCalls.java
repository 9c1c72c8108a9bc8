package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * The connections scenario's calls to the bridge's control API ({@code docs/protocol.md}): a {@code status} command to
 * one session's tab, and the health view. The only place in the harness that spells the control API's wire out, so
 * moving to the typed client beside the server in transport-netty (issue 11) changes this class alone.
 */
final class ControlCalls {

  /** What one command round trip took (the HTTP exchange only) and, when it failed, what came back. */
  record Answer(long nanos, String failure) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final int port;
  private final String token;

  /** For the bridge on {@code port}, with the token it wrote to the state folder. */
  ControlCalls(int port, Path stateDir) throws IOException {
    this.port = port;
    this.token = Files.readString(stateDir.resolve(dev.snapmcp.core.StateFiles.BRIDGE_TOKEN)).trim();
  }

  /** A {@code status} command for the tab of session {@code id}, built once and sent as often as wanted. */
  StatusCommand statusCommand(String id) {
    return new StatusCommand(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/sessions/" + id + "/commands"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"op\":\"status\",\"args\":{},\"timeoutMs\":5000}"))
        .timeout(ConnectionsScenario.WAIT)
        .build());
  }

  /** One prepared command. */
  final class StatusCommand {
    private final HttpRequest request;

    private StatusCommand(HttpRequest request) {
      this.request = request;
    }

    /** Sends it and waits for the tab's answer: control API -> WebSocket -> tab -> back. */
    Answer send() throws IOException, InterruptedException {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long t = System.nanoTime() - t0;
      boolean ok = r.statusCode() == 200 && Json.mapper().readTree(r.body()).path("ok").asBoolean();
      return new Answer(t, ok ? null : "HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /** How many WebSocket connections the bridge says it holds ({@code GET /api/v1/health}). */
  long connections() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/health")).header("Authorization", "Bearer " + token).timeout(ConnectionsScenario.WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode health = Json.mapper().readTree(r.body());
    return health.path("connections").asLong();
  }
}
