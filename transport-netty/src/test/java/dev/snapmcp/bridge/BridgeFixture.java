package dev.snapmcp.bridge;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** A real bridge on an ephemeral loopback port over a real store in a temporary folder, with short test timeouts. */
final class BridgeFixture implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final TempStateDir state;
  final SessionStore store;
  final BridgeServer bridge;

  private BridgeFixture(UnaryOperator<BridgeConfig.Builder> tweak, UnaryOperator<SessionStore> bridgeSees) {
    state = TempStateDir.create();
    store = state.open();
    BridgeConfig.Builder config =
        BridgeConfig.builder(bridgeSees.apply(store))
            .port(0)
            .helloTimeout(Duration.ofSeconds(5))
            .commandTimeout(Duration.ofSeconds(5))
            .maxFrameBytes(64 * 1024);
    bridge = new BridgeServer(tweak.apply(config).build());
    try {
      bridge.start();
    } catch (RuntimeException e) {
      store.close();
      state.close();
      throw e;
    }
  }

  static BridgeFixture start() {
    return new BridgeFixture(b -> b, s -> s);
  }

  static BridgeFixture start(UnaryOperator<BridgeConfig.Builder> tweak) {
    return new BridgeFixture(tweak, s -> s);
  }

  /** A bridge that reaches its store only through {@code bridgeSees} (to hold it at a chosen moment). */
  static BridgeFixture startSeeing(UnaryOperator<SessionStore> bridgeSees) {
    return new BridgeFixture(b -> b, bridgeSees);
  }

  int port() {
    return bridge.port();
  }

  NewSession newSession() {
    return store.create(Duration.ofHours(1));
  }

  String token() {
    try {
      return Files.readString(bridge.tokenFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpRequest.Builder api(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token());
  }

  HttpResponse<String> get(String path) {
    return send(api(path).GET().build());
  }

  HttpResponse<String> command(String session, String op, Object args, Long timeoutMs) {
    var body = Json.mapper().createObjectNode();
    body.put("op", op);
    body.set("args", Json.mapper().valueToTree(args));
    if (timeoutMs != null) {
      body.put("timeoutMs", timeoutMs);
    }
    return send(
        api("/api/v1/sessions/" + session + "/commands")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
            .build());
  }

  /** Commands queued or running for {@code session} in the bridge. */
  int queued(String session) {
    return bridge.queued(session);
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return Json.mapper().readTree(response.body());
  }

  @Override
  public void close() {
    try {
      bridge.close();
    } finally {
      store.close();
      state.close();
    }
  }
}
