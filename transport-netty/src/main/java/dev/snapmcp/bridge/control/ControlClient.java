package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of one bridge's control API ({@code docs/protocol.md}, "Control API"): health, sessions, commands. Every
 * request has a timeout; every failure is a {@link ControlException}. Thread-safe.
 */
public final class ControlClient implements AutoCloseable {

  /**
   * Extra time given to the HTTP exchange beyond the command's own timeout (at most this, at most the timeout
   * itself), so the bridge's own 504 arrives before we give up.
   */
  private static final Duration COMMAND_MARGIN = Duration.ofSeconds(5);

  private final URI base;
  private final String token;
  private final Duration requestTimeout;
  private final ExecutorService executor;
  private final HttpClient http;

  /**
   * @param base {@code http://127.0.0.1:PORT}
   * @param token the bridge's control token (from {@code STATE_DIR/bridge.token}); never logged
   * @param connectTimeout bound on opening the TCP connection
   * @param requestTimeout bound on a health or sessions request
   */
  public ControlClient(URI base, String token, Duration connectTimeout, Duration requestTimeout) {
    this(base, token, newExecutor(), connectTimeout, requestTimeout);
  }

  /** A client on a shared HTTP client, which {@link #close()} leaves open (see {@link BridgeLink}). */
  ControlClient(URI base, String token, HttpClient shared, Duration requestTimeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.token = Objects.requireNonNull(token, "token");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.executor = null;
    this.http = Objects.requireNonNull(shared, "shared");
  }

  private ControlClient(URI base, String token, ExecutorService executor, Duration connectTimeout,
      Duration requestTimeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.token = Objects.requireNonNull(token, "token");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.executor = executor;
    this.http = newHttpClient(executor, connectTimeout);
  }

  /** The HTTP client the control API is spoken with: HTTP/1.1, bounded connect, named daemon threads. */
  static HttpClient newHttpClient(ExecutorService executor, Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .executor(executor)
        .build();
  }

  /** The threads behind an HTTP client: daemon, named {@code snap-mcp-control-N}. */
  static ExecutorService newExecutor() {
    AtomicInteger threads = new AtomicInteger();
    return Executors.newCachedThreadPool(
        task -> {
          Thread thread = new Thread(task, "snap-mcp-control-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The bridge's address, {@code http://127.0.0.1:PORT}. */
  public URI base() {
    return base;
  }

  /** {@code GET /api/v1/health}. */
  public JsonNode health() {
    return send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).GET(), requestTimeout);
  }

  /** {@code GET /api/v1/sessions}: the {@code sessions} array. */
  public JsonNode sessions() {
    JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/api/v1/sessions")).GET(), requestTimeout);
    JsonNode sessions = answer.get("sessions");
    if (sessions == null || !sessions.isArray()) {
      throw new ControlException(
          ControlException.Kind.MALFORMED, "the bridge's session list has no 'sessions' array", null);
    }
    return sessions;
  }

  /**
   * {@code POST /api/v1/sessions/{id}/commands}: runs {@code op} in the session's browser tab.
   *
   * @return the browser's {@code value}
   */
  public JsonNode command(String session, String op, Map<String, Object> args, Duration timeout) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("op", op);
    body.set("args", Json.mapper().valueToTree(args == null ? Map.of() : args));
    body.put("timeoutMs", timeout.toMillis());
    URI uri = base.resolve("/api/v1/sessions/" + java.net.URLEncoder.encode(session, StandardCharsets.UTF_8)
        + "/commands");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    Duration margin = timeout.compareTo(COMMAND_MARGIN) < 0 ? timeout : COMMAND_MARGIN;
    JsonNode answer = send(request, timeout.plus(margin));
    JsonNode value = answer.get("value");
    if (value == null) {
      throw new ControlException(ControlException.Kind.MALFORMED, "the bridge's answer to '" + op
          + "' has no 'value'", null);
    }
    return value;
  }

  private JsonNode send(HttpRequest.Builder request, Duration timeout) {
    HttpRequest built =
        request.timeout(timeout).header("Authorization", "Bearer " + token).header("Accept", "application/json")
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new ControlException(ControlException.Kind.UNREACHABLE,
          "the snap-mcp bridge at " + base + " did not accept a connection in time", e);
    } catch (HttpTimeoutException e) {
      throw new ControlException(ControlException.Kind.TIMEOUT,
          "the snap-mcp bridge at " + base + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw new ControlException(ControlException.Kind.UNREACHABLE,
          "no snap-mcp bridge is listening at " + base, e);
    } catch (IOException e) {
      throw new ControlException(ControlException.Kind.UNREACHABLE,
          "the connection to the snap-mcp bridge at " + base + " broke: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException(ControlException.Kind.TIMEOUT, "interrupted while waiting for the bridge", e);
    }
    return interpret(response);
  }

  private JsonNode interpret(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (JacksonException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      throw new ControlException(ControlException.Kind.MALFORMED, response.statusCode(), null,
          "the snap-mcp bridge answered HTTP " + response.statusCode() + " with something that is not a JSON object"
              + " (is another program listening on " + base.getPort() + "? run `snap-mcp doctor`)",
          null, null);
    }
    if (response.statusCode() == 200 && !body.path("ok").isBoolean() || body.path("ok").asBoolean(false)) {
      return body;
    }
    JsonNode error = body.path("error");
    String code = error.path("code").asString(null);
    String message = error.path("message").asString("HTTP " + response.statusCode());
    JsonNode browser = error.get("browser");
    if (browser != null && browser.isObject()) {
      return throwBrowser(response.statusCode(), browser);
    }
    ControlException.Kind kind =
        response.statusCode() == 504 || "timeout".equals(code)
            ? ControlException.Kind.TIMEOUT
            : ControlException.Kind.REFUSED;
    throw new ControlException(kind, response.statusCode(), code == null ? "http_" + response.statusCode() : code,
        message, null, null);
  }

  private static JsonNode throwBrowser(int status, JsonNode browser) {
    throw new ControlException(ControlException.Kind.BROWSER_ERROR, status,
        browser.path("code").asString("snap_error"), browser.path("message").asString("the browser reported an error"),
        browser.get("details"), null);
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
