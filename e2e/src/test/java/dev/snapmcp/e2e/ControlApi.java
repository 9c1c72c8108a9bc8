package dev.snapmcp.e2e;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The bridge's control API as docs/protocol.md defines it, spoken with the JDK's HTTP client: what another snap-mcp
 * process does. Written against the document, not the bridge's classes, so it checks the contract too.
 */
final class ControlApi {

  /** One answer: the HTTP status and the JSON body. */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status == 200 && body.path("ok").asBoolean();
    }

    JsonNode value() {
      return body.path("value");
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final Path tokenFile;

  ControlApi(int port, Path tokenFile) {
    this.port = port;
    this.tokenFile = tokenFile;
  }

  JsonNode sessions() {
    return send(request("/api/v1/sessions").GET()).body();
  }

  JsonNode session(String id) {
    for (JsonNode s : sessions().path("sessions")) {
      if (id.equals(s.path("id").asString())) {
        return s;
      }
    }
    return Json.mapper().missingNode();
  }

  Answer command(String session, String op, Map<String, ?> args) {
    return command(session, op, args, Duration.ofSeconds(30));
  }

  Answer command(String session, String op, Map<String, ?> args, Duration timeout) {
    String body = Json.mapper().writeValueAsString(Map.of("op", op, "args", args, "timeoutMs", timeout.toMillis()));
    return send(request("/api/v1/sessions/" + session + "/commands")
        .timeout(timeout.plusSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path) {
    try {
      String token = Files.readString(tokenFile).trim();
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), Json.mapper().readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
