package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import dev.snapmcp.mcp.tools.CallContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP over stdio for both protocol eras at once. Each line, once {@link StdioGuard} passed it, goes to the server of
 * its era: a request whose {@code _meta} claims a protocol version, and {@code server/discover}, to the 2026-07-28
 * server; everything else ({@code initialize} and the rest of 2024-11-05 to 2025-11-25) to the stateless legacy
 * server. Both are the SDK's, built over one {@link SnapMcpFeatures} on their era's first request. (The SDK's own
 * {@code StdioMcpTransport} serves 2026-07-28 only and refuses {@code initialize}; its legacy stdio transport serves
 * the handshake only.)
 *
 * <p>This class owns what a stdio transport owns: requests in flight by id, {@code notifications/cancelled} (the
 * call's {@link CallContext} learns of it and its answer is never written), progress for the legacy era, and the end:
 * when input ends it waits for the answers still owed, when output fails it stops at once.
 */
final class StdioRouter {

  private static final Logger LOG = LoggerFactory.getLogger(StdioRouter.class);
  private static final String PROTOCOL_VERSION_META = SnapMcpFeatures.PROTOCOL_VERSION_META;

  private final InputStream in;
  private final LineWriter out;
  private final SnapMcpFeatures features;
  private final Map<Object, Flight> inFlight = new ConcurrentHashMap<>();
  private final Object changes = new Object();
  private volatile boolean inputEnded;
  /** The client as its legacy-era {@code initialize} named itself (the stateless server keeps no session). */
  private volatile McpSchema.Implementation legacyClient;
  private McpStatelessServerHandler legacy;

  StdioRouter(InputStream in, LineWriter out, SnapMcpFeatures features) {
    this.in = in;
    this.out = out;
    this.features = features;
    out.failed().thenRun(this::wake);
    features.onToolListChanged(this::toolListChanged);
  }

  /**
   * The teacher's mode changed what {@code tools/list} shows: a client of the {@code initialize} era hears it as
   * {@code notifications/tools/list_changed} on this line (the SDK's stateless server has no line of its own); a
   * 2026-07-28 client hears it on its {@code subscriptions/listen} stream, from the SDK's server.
   */
  private void toolListChanged() {
    boolean legacyClient;
    synchronized (this) {
      legacyClient = legacy != null;
    }
    if (legacyClient && !inputEnded) {
      out.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
    }
  }

  /** Starts reading stdin on a daemon thread (it may block in a read for ever: the JVM's exit ends it). */
  void start() {
    Thread reader = new Thread(this::readAll, "snap-mcp-stdin");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Waits until input has ended and every request read has been answered (at most {@code grace} after the end), or
   * output has failed. Calls still running then are told they are cancelled.
   */
  void awaitFinish(Duration grace) throws InterruptedException {
    long deadline = Long.MAX_VALUE;
    synchronized (changes) {
      while (!out.failed().isDone() && !(inputEnded && owed() == 0)) {
        if (inputEnded && deadline == Long.MAX_VALUE) {
          deadline = System.nanoTime() + grace.toNanos();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("{} request(s) still unanswered {} s after the client closed stdin", owed(),
              grace.toSeconds());
          break;
        }
        changes.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 60_000)));
      }
    }
    inFlight.values().forEach(Flight::cancel);
  }

  /** Requests still owed an answer: not a {@code subscriptions/listen} stream, which lasts until the client goes. */
  private long owed() {
    return inFlight.values().stream().filter(flight -> !flight.listens).count();
  }

  private void readAll() {
    try {
      for (String line; (line = StdioGuard.readLine(in)) != null; ) {
        if (line == StdioGuard.TOO_LONG) {
          out.write(StdioGuard.error(null, -32600,
              "Invalid Request: message longer than " + StdioGuard.MAX_LINE_BYTES + " bytes"));
        } else if (!line.isBlank()) {
          handle(line.strip());
        }
      }
      LOG.info("the MCP client closed stdin");
    } catch (IOException e) {
      LOG.warn("cannot read from the MCP client (stdin): {}", e.getMessage());
    } finally {
      inputEnded = true;
      wake();
    }
  }

  private void handle(String line) {
    StdioGuard.Checked checked = StdioGuard.check(line);
    if (checked.error() != null) {
      LOG.warn("answered a malformed line from the MCP client with an error");
      out.write(checked.error());
      return;
    }
    ObjectNode message = checked.message();
    JsonNode id = message.get("id");
    try {
      if (!message.has("method")) {
        LOG.debug("ignored a response from the client (this server sends no requests): {}", id);
      } else if (id == null) {
        notification(message);
      } else {
        request(message, id);
      }
    } catch (RuntimeException e) {
      LOG.error("could not handle a message from the MCP client", e);
      if (id != null) {
        out.write(StdioGuard.error(id, -32603, "Internal error"));
      }
    }
  }

  private void notification(ObjectNode message) {
    String method = message.get("method").asString();
    JsonNode params = message.get("params");
    if ("notifications/cancelled".equals(method)) {
      JsonNode requestId = params == null ? null : params.get("requestId");
      Flight flight = requestId == null || !StdioGuard.isValidId(requestId) ? null : inFlight.get(key(requestId));
      if (flight != null) {
        LOG.info("request {} cancelled by the client ({})", requestId, params.path("reason").asString(""));
        flight.cancel();
      }
    } else if (!isModern(message)) { // 2026-07-28 notifications need no answer and change nothing here
      legacy().handleNotification(McpTransportContext.EMPTY,
          new McpSchema.JSONRPCNotification("2.0", method, plain(params)))
          .subscribe(v -> { }, e -> LOG.warn("notification {} failed: {}", method, e.toString()));
    }
  }

  private void request(ObjectNode message, JsonNode id) {
    Flight flight = new Flight(id, message.path("params").path("_meta").get("progressToken"),
        "subscriptions/listen".equals(message.path("method").asString("")));
    if (inFlight.putIfAbsent(flight.key, flight) != null) {
      out.write(StdioGuard.error(id, -32600, "Invalid Request: a request with this id is still in progress"));
      return;
    }
    try {
      String method = message.get("method").asString();
      if (method.equals("initialize") && !isModern(message)) {
        legacyClient = clientInfo(message.path("params").path("clientInfo"));
        quickAnswer(flight, features.initializeResult(message.path("params").path("protocolVersion").asString("")),
            this::legacy);
        return;
      }
      if (method.equals("server/discover") && isWellFormedModern(message)) {
        quickAnswer(flight, features.discoverResult(), features::modernServer);
        return;
      }
      Object params = plain(message.get("params"));
      Flux<Outgoing> answers;
      if (isModern(message)) {
        McpTransportContext context = McpTransportContext.create(
            Map.of(CallContext.TRANSPORT_KEY, flight, McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaders.NOT_MIRRORED));
        answers = Mono.defer(() -> features.modernServer().handle(context,
                new JsonRpc.JSONRPCRequest("2.0", method, flight.id, params)))
            .flatMapMany(StdioRouter::messages)
            .map(m -> new Outgoing(json(m), m instanceof JsonRpc.JSONRPCResponse));
      } else {
        McpTransportContext context = McpTransportContext.create(Map.of(CallContext.TRANSPORT_KEY, flight));
        answers = Mono.defer(() -> legacy().handleRequest(context,
                new McpSchema.JSONRPCRequest("2.0", method, flight.id, params)))
            .map(response -> new Outgoing(json(response), true))
            .flux();
      }
      answers.subscribe(flight::send, flight::failed, flight::done);
    } catch (RuntimeException e) { // a request once in flight always ends, answered or with an internal error
      flight.failed(e);
    }
  }

  /**
   * Answers a client's first request ({@code initialize}, {@code server/discover}) at once with {@code result}, while
   * {@code build} makes that era's server on a thread of its own: the first answer waits for neither the SDK nor the
   * tools.
   */
  private void quickAnswer(Flight flight, ObjectNode result, Runnable build) {
    Thread builder = new Thread(build, "snap-mcp-server-build");
    builder.setDaemon(true);
    builder.start();
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("jsonrpc", "2.0");
    answer.set("id", Json.mapper().valueToTree(flight.id));
    answer.set("result", result);
    flight.send(new Outgoing(answer.toString(), true));
    flight.done();
  }

  /** A 2026-07-28 request whose {@code _meta} the SDK's server would accept (others go to it for its error). */
  private static boolean isWellFormedModern(JsonNode message) {
    JsonNode meta = message.path("params").path("_meta");
    JsonNode clientInfo = meta.get("io.modelcontextprotocol/clientInfo");
    return SnapMcpFeatures.MODERN_VERSION.equals(meta.path(PROTOCOL_VERSION_META).asString(""))
        && meta.path("io.modelcontextprotocol/clientCapabilities").isObject()
        && (clientInfo == null || clientInfo.path("name").isString() && clientInfo.path("version").isString());
  }

  /** An {@code initialize}'s {@code clientInfo}: its name and version when they are strings, else null. */
  private static McpSchema.Implementation clientInfo(JsonNode info) {
    String name = info.path("name").isString() ? info.path("name").asString() : null;
    String version = info.path("version").isString() ? info.path("version").asString() : null;
    return name == null && version == null ? null : new McpSchema.Implementation(name, version);
  }

  /** Whether a message belongs to the 2026-07-28 era: it claims a protocol version in {@code _meta}, or discovers. */
  static boolean isModern(JsonNode message) {
    return SnapMcpFeatures.isModern(message);
  }

  private synchronized McpStatelessServerHandler legacy() {
    if (legacy == null) {
      features.legacyServer(new McpStatelessServerTransport() {
        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {
          legacy = handler;
        }

        @Override
        public Mono<Void> closeGracefully() {
          return Mono.empty();
        }

        @Override
        public List<String> protocolVersions() {
          return SnapMcpFeatures.LEGACY_VERSIONS;
        }
      });
    }
    return legacy;
  }

  private static Flux<JsonRpc.JSONRPCMessage> messages(McpTransportResponse response) {
    if (response instanceof McpTransportResponse.Streaming streaming) {
      return streaming.messages();
    }
    return Flux.just(response instanceof McpTransportResponse.Result result ? result.response()
        : ((McpTransportResponse.Error) response).response());
  }

  private String json(Object message) {
    try {
      return features.jsonMapper().writeValueAsString(message);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an answer as JSON", e);
    }
  }

  private static Object plain(JsonNode node) {
    return node == null ? null : Json.mapper().treeToValue(node, Object.class);
  }

  /** The in-flight key of an id: a string, or a long (so 1 and 1.0 would match, "1" would not). */
  private static Object key(JsonNode id) {
    return id.isString() ? id.asString() : (Object) id.asLong();
  }

  private void wake() {
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  /** One line for the client, and whether it is the final answer to its request (not a notification). */
  private record Outgoing(String json, boolean response) {}

  /** One request being answered: its id, its progress token, whether the client cancelled it. */
  private final class Flight implements CallContext {
    final Object key;
    final Object id;
    private final JsonNode progressToken;
    /** A {@code subscriptions/listen} stream: open while the client is there, never waited for at the end. */
    final boolean listens;
    private final CompletableFuture<Void> cancellation = new CompletableFuture<>();
    private volatile boolean answered;

    Flight(JsonNode id, JsonNode progressToken, boolean listens) {
      this.listens = listens;
      this.key = key(id);
      this.id = id.isString() ? id.asString() : id.canConvertToInt() ? (Object) id.asInt() : (Object) id.asLong();
      this.progressToken = progressToken != null && StdioGuard.isValidId(progressToken) ? progressToken : null;
    }

    void send(Outgoing message) {
      if (cancellation.isDone()) {
        LOG.debug("dropped a message of cancelled request {}", id);
        return;
      }
      answered |= message.response();
      out.write(message.json());
    }

    void failed(Throwable error) {
      LOG.error("request {} failed", id, error);
      done();
    }

    /** The request is over: answered, failed or cancelled. An answer still owed is an internal error. */
    void done() {
      if (!answered && !cancellation.isDone()) {
        out.write(StdioGuard.error(Json.mapper().valueToTree(id), -32603, "Internal error"));
      }
      inFlight.remove(key, this);
      wake();
    }

    void cancel() {
      cancellation.complete(null);
    }

    @Override
    public void progress(double done, Double total, String message) {
      if (progressToken == null || cancellation.isDone()) {
        return;
      }
      ObjectNode notification = Json.mapper().createObjectNode();
      notification.put("jsonrpc", "2.0");
      notification.put("method", "notifications/progress");
      ObjectNode params = notification.putObject("params");
      params.set("progressToken", progressToken);
      params.put("progress", done);
      if (total != null) {
        params.put("total", total);
      }
      if (message != null) {
        params.put("message", message);
      }
      out.write(notification.toString());
    }

    @Override
    public CompletableFuture<Void> cancellation() {
      return cancellation;
    }

    /** The legacy era's client (a 2026-07-28 request names its own; {@code ModernTools} reads it there). */
    @Override
    public McpSchema.Implementation client() {
      return legacyClient;
    }
  }
}
