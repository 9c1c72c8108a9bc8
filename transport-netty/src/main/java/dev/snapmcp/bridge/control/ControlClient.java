package dev.snapmcp.bridge.control;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.bridge.protocol.OpErrorCode;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.StateDirs;
import dev.snapmcp.core.StoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A client of one bridge's control API ({@code docs/protocol.md}, "Control API"): health, sessions, commands, spoken
 * with the same records the bridge writes ({@link Health}, {@link SessionView}, {@link CommandRequest}, …). Every
 * request has a timeout; every failure is a {@link ControlException}. Thread-safe.
 *
 * <p>Driving a Snap! tab from Java, with the machine's running bridge:
 *
 * <pre>{@code
 * try (ControlClient bridge = ControlClient.connect()) {
 *   SessionView tab = bridge.sessions().stream().filter(SessionView::ready).findFirst().orElseThrow();
 *   bridge.command(tab.id(), "add_script", Map.of("code", "(receiveGo) (forward 10)"));
 *   JsonNode run = bridge.command(tab.id(), "run", Map.of("mode", "green_flag", "timeoutMs", 2000));
 * }
 * }</pre>
 */
public final class ControlClient implements AutoCloseable {

  /** How long {@link #connect(Path)} waits for the bridge to accept a connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** How long {@link #connect(Path)}'s client waits for a health or sessions answer. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Extra time given to the HTTP exchange beyond the command's own timeout (at most this, at most the timeout
   * itself), so the bridge's own 504 arrives before we give up.
   */
  private static final Duration COMMAND_MARGIN = Duration.ofSeconds(5);

  private final URI base;
  private final String token;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final Shared owned;

  /**
   * A client with its own HTTP connections, which {@link #close()} ends.
   *
   * @param base {@code http://127.0.0.1:PORT}
   * @param token the bridge's control token (from {@code STATE_DIR/bridge.token}); never logged
   * @param connectTimeout bound on opening the TCP connection
   * @param requestTimeout bound on a health or sessions request
   */
  public ControlClient(URI base, String token, Duration connectTimeout, Duration requestTimeout) {
    this(base, token, requestTimeout, new Shared(connectTimeout), true);
  }

  private ControlClient(URI base, String token, Duration requestTimeout, Shared shared, boolean owns) {
    this.base = Objects.requireNonNull(base, "base");
    this.token = Objects.requireNonNull(token, "token");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.http = shared.http;
    this.owned = owns ? shared : null;
  }

  /** A client of the live bridge of the default state folder ({@link StateDirs}). */
  public static ControlClient connect() {
    return connect(StateDirs.resolve(null));
  }

  /**
   * A client of the live bridge of {@code stateDir}: the one its store's bridge record names, with the token the bridge
   * wrote beside it, confirmed by a health check.
   *
   * @throws ControlException ({@link ControlException.Kind#UNREACHABLE}) when no bridge runs there
   */
  public static ControlClient connect(Path stateDir) {
    if (!Files.isDirectory(stateDir)) {
      throw unreachable("there is no snap-mcp state folder " + stateDir + ", so no bridge runs there", null);
    }
    BridgeRecord record;
    try (SessionStore store = SessionStores.open(stateDir)) {
      record = store.bridge().filter(b -> b.isLiveAt(Clock.systemUTC().instant())).orElseThrow(() -> unreachable(
          "no snap-mcp bridge is running for " + stateDir + "; start one with `snap-mcp bridge`", null));
    } catch (StoreException e) {
      throw unreachable("cannot read the session store in " + stateDir + ": " + e.getMessage(), e);
    }
    Path tokenFile = StateFiles.bridgeToken(stateDir);
    String token;
    try {
      token = StateFiles.readPrivate(tokenFile).map(String::strip).orElseThrow(() -> unreachable(
          "the bridge's token file " + tokenFile + " is missing: is the bridge still starting?", null));
    } catch (IOException e) {
      throw unreachable("cannot read the bridge's token file " + tokenFile + ": " + e.getMessage(), e);
    }
    // The control API answers loopback only, whatever address the bridge's WebSocket is bound to.
    ControlClient client =
        new ControlClient(URI.create("http://127.0.0.1:" + record.port()), token, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    try {
      client.health();
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** HTTP connections (and their threads) that many clients share; see {@link Shared#client}. */
  public static Shared shared(Duration connectTimeout) {
    return new Shared(connectTimeout);
  }

  /** The bridge's address, {@code http://127.0.0.1:PORT}. */
  public URI base() {
    return base;
  }

  /** {@code GET /api/v1/health}. */
  public Health health() {
    JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).GET(), requestTimeout);
    return read(answer, Health.class, "health answer");
  }

  /** {@code GET /api/v1/sessions}: the sessions, in the bridge's order. */
  public List<SessionView> sessions() {
    JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/api/v1/sessions")).GET(), requestTimeout);
    SessionList list = read(answer, SessionList.class, "session list");
    if (list.sessions() == null) {
      throw new ControlException(
          ControlException.Kind.MALFORMED, "the bridge's session list has no 'sessions' array", null);
    }
    return list.sessions();
  }

  /** {@link #command(String, String, Map, Duration)} with the protocol's default timeout. */
  public JsonNode command(String session, String op, Map<String, ?> args) {
    return command(session, op, args, CommandRequest.DEFAULT_TIMEOUT);
  }

  /**
   * {@code POST /api/v1/sessions/{id}/commands}: runs {@code op} in the session's browser tab.
   *
   * @param args the op's arguments (null: none)
   * @return the browser's {@code value} (op-specific; {@code docs/protocol.md}, "Operations")
   * @throws ControlException with {@link ControlException.Kind#BROWSER_ERROR} and the browser's code when the tab
   *     refused the op
   */
  public JsonNode command(String session, String op, Map<String, ?> args, Duration timeout) {
    return command(session,
        new CommandRequest(op, Json.mapper().valueToTree(args == null ? Map.of() : args), timeout.toMillis()));
  }

  /**
   * {@code POST /api/v1/sessions/{id}/commands} with the whole request: its id (so a retry of the same call is
   * answered once), who asks and for which tool.
   *
   * @return the browser's {@code value}
   * @throws ControlException as {@link #command(String, String, Map, Duration)}
   */
  public JsonNode command(String session, CommandRequest command) {
    Duration timeout = command.timeoutMs() == null ? CommandRequest.DEFAULT_TIMEOUT
        : Duration.ofMillis(command.timeoutMs());
    CommandRequest body = command.args() != null ? command
        : new CommandRequest(command.op(), Json.mapper().createObjectNode(), command.timeoutMs(), command.id(),
            command.client(), command.tool());
    URI uri = base.resolve("/api/v1/sessions/" + URLEncoder.encode(session, StandardCharsets.UTF_8) + "/commands");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body), StandardCharsets.UTF_8));
    Duration margin = timeout.compareTo(COMMAND_MARGIN) < 0 ? timeout : COMMAND_MARGIN;
    String op = command.op();
    JsonNode value = read(send(request, timeout.plus(margin)), CommandAnswer.class, "answer to '" + op + "'").value();
    if (value == null) {
      throw new ControlException(
          ControlException.Kind.MALFORMED, "the bridge's answer to '" + op + "' has no 'value'", null);
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
      throw unreachable("the snap-mcp bridge at " + base + " did not accept a connection in time", e);
    } catch (HttpTimeoutException e) {
      throw new ControlException(ControlException.Kind.TIMEOUT,
          "the snap-mcp bridge at " + base + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw unreachable("no snap-mcp bridge is listening at " + base, e);
    } catch (IOException e) {
      throw unreachable("the connection to the snap-mcp bridge at " + base + " broke: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException(ControlException.Kind.TIMEOUT, "interrupted while waiting for the bridge", e);
    }
    return interpret(response);
  }

  /** The answer's body when it is a good answer; otherwise throws what the error answer says. */
  private JsonNode interpret(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (JacksonException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      throw new ControlException(ControlException.Kind.MALFORMED, status, null,
          "the snap-mcp bridge answered HTTP " + status + " with something that is not a JSON object"
              + " (is another program listening on " + base.getPort() + "? run `snap-mcp doctor`)",
          null, null);
    }
    if (status == 200 && !body.path("ok").isBoolean() || body.path("ok").asBoolean(false)) {
      return body;
    }
    ApiError error = apiError(body);
    String code = error.code();
    String message = error.message() != null ? error.message() : "HTTP " + status;
    BrowserError browser = error.browser();
    if (browser != null) {
      throw new ControlException(ControlException.Kind.BROWSER_ERROR, status,
          browser.code() != null ? browser.code() : OpErrorCode.SNAP_ERROR.code(),
          browser.message() != null ? browser.message() : "the browser reported an error", browser.details(), null);
    }
    ControlException.Kind kind =
        status == ControlErrorCode.TIMEOUT.status() || ControlErrorCode.TIMEOUT.is(code)
            ? ControlException.Kind.TIMEOUT
            : ControlException.Kind.REFUSED;
    throw new ControlException(kind, status, code == null ? "http_" + status : code, message, null, null);
  }

  /** The error of an error answer, read leniently: an answer from a buggy or foreign server still says what it can. */
  private static ApiError apiError(JsonNode body) {
    try {
      ErrorAnswer answer = Json.mapper().treeToValue(body, ErrorAnswer.class);
      if (answer.error() != null) {
        return answer.error();
      }
    } catch (JacksonException e) {
      JsonNode error = body.path("error");
      return new ApiError(error.path("code").asString(null), error.path("message").asString(null), null);
    }
    return new ApiError(null, null, null);
  }

  private static <T> T read(JsonNode answer, Class<T> type, String what) {
    try {
      return Json.mapper().treeToValue(answer, type);
    } catch (JacksonException e) {
      throw new ControlException(ControlException.Kind.MALFORMED,
          "the bridge's " + what + " is not what the protocol says: " + e.getOriginalMessage(), e);
    }
  }

  private static ControlException unreachable(String message, Throwable cause) {
    return new ControlException(ControlException.Kind.UNREACHABLE, message, cause);
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }

  /**
   * One HTTP client (HTTP/1.1, kept-alive connections, a bounded connect, daemon threads named {@code
   * snap-mcp-control-N}) shared by many {@link ControlClient}s: closing a client leaves it open, closing it ends them
   * all.
   */
  public static final class Shared implements AutoCloseable {
    private final ExecutorService threads;
    private final HttpClient http;

    private Shared(Duration connectTimeout) {
      AtomicInteger count = new AtomicInteger();
      this.threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "snap-mcp-control-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      this.http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout)
          .executor(threads)
          .sslContext(plainHttpOnly())
          .sslParameters(new javax.net.ssl.SSLParameters())
          .build();
    }

    /**
     * The bridge speaks plain HTTP on loopback: an SSL context that is never initialised spares every process that
     * talks to it the JDK's default one (the trust store read, some 400 classes) that {@code HttpClient} would
     * otherwise build at once.
     */
    private static javax.net.ssl.SSLContext plainHttpOnly() {
      try {
        return javax.net.ssl.SSLContext.getInstance("TLS");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JDK has no TLS", e);
      }
    }

    /** A client of the bridge at {@code base} on these connections. */
    public ControlClient client(URI base, String token, Duration requestTimeout) {
      return new ControlClient(base, token, requestTimeout, this, false);
    }

    @Override
    public void close() {
      threads.shutdownNow();
    }
  }
}
