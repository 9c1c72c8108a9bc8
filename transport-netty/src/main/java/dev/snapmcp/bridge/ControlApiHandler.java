package dev.snapmcp.bridge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control API of {@code docs/protocol.md}: health, the live session list, and commands relayed to a session's
 * browser. Requests reach it only after {@link RequestPolicyHandler} let them through; it checks the bearer token in
 * constant time. Store reads run off the event loop.
 */
final class ControlApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(ControlApiHandler.class);
  private static final Pattern COMMANDS = Pattern.compile("^/api/v1/sessions/([A-Za-z0-9_\\-]{1,100})/commands$");

  private final BridgeConfig config;
  private final SessionRegistry registry;
  private final Executor storeExecutor;
  private final byte[] expectedAuthorization;
  private final BridgeStatus status;

  /** What health reports about the running bridge. */
  interface BridgeStatus {
    int port();

    Instant startedAt();
  }

  /** The body of {@code POST /api/v1/sessions/{id}/commands}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CommandRequest(
      @JsonProperty("op") String op, @JsonProperty("args") JsonNode args, @JsonProperty("timeoutMs") Long timeoutMs) {}

  ControlApiHandler(
      BridgeConfig config, SessionRegistry registry, Executor storeExecutor, String token, BridgeStatus status) {
    super(false);
    this.config = config;
    this.registry = registry;
    this.storeExecutor = storeExecutor;
    this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.status = status;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = HttpRouteHandler.path(request.uri());
    if (!path.startsWith(HttpRouteHandler.API_PREFIX)) {
      ctx.fireChannelRead(request);
      return;
    }
    if (!authorized(request)) {
      HttpResponses.refuse(
          ctx,
          request,
          HttpResponseStatus.UNAUTHORIZED,
          "unauthorized",
          "missing or wrong bearer token (it is in the bridge's state folder, bridge.token)");
      return;
    }
    HttpMethod method = request.method();
    Matcher commands = COMMANDS.matcher(path);
    if (path.equals("/api/v1/health") && method.equals(HttpMethod.GET)) {
      health(ctx, request);
    } else if (path.equals("/api/v1/sessions") && method.equals(HttpMethod.GET)) {
      sessions(ctx, request);
    } else if (commands.matches() && method.equals(HttpMethod.POST)) {
      command(ctx, request, commands.group(1));
    } else {
      HttpResponses.refuse(
          ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "no such request: " + method + " " + path);
    }
  }

  private boolean authorized(FullHttpRequest request) {
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  private void health(ChannelHandlerContext ctx, FullHttpRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("ok", true);
    body.put("pid", ProcessHandle.current().pid());
    body.put("port", status.port());
    body.put("version", config.version());
    body.put("startedAt", status.startedAt().toString());
    body.put("connections", registry.connectionCount());
    HttpResponses.json(ctx, request, HttpResponseStatus.OK, body);
  }

  private void sessions(ChannelHandlerContext ctx, FullHttpRequest request) {
    SessionStore store = config.store();
    CompletableFuture.supplyAsync(store::list, storeExecutor)
        .whenCompleteAsync(
            (stored, error) -> {
              if (error != null) {
                storeFailed(ctx, request, error);
                return;
              }
              ObjectNode body = Json.mapper().createObjectNode();
              var list = body.putArray("sessions");
              registry.view(stored).forEach(list::add);
              HttpResponses.json(ctx, request, HttpResponseStatus.OK, body);
            },
            ctx.executor());
  }

  private void command(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
    CommandRequest command;
    try {
      command = Json.mapper().readValue(request.content().toString(StandardCharsets.UTF_8), CommandRequest.class);
    } catch (JacksonException e) {
      badRequest(ctx, request, "the body must be JSON {\"op\",\"args\",\"timeoutMs\"}: " + e.getOriginalMessage());
      return;
    }
    if (command == null || command.op() == null || command.op().isBlank()) {
      badRequest(ctx, request, "\"op\" is required");
      return;
    }
    if (command.args() != null && !command.args().isObject() && !command.args().isNull()) {
      badRequest(ctx, request, "\"args\" must be an object");
      return;
    }
    Duration timeout = config.commandTimeout();
    if (command.timeoutMs() != null) {
      if (command.timeoutMs() <= 0 || command.timeoutMs() > config.maxCommandTimeout().toMillis()) {
        badRequest(
            ctx, request, "\"timeoutMs\" must be 1.." + config.maxCommandTimeout().toMillis() + " milliseconds");
        return;
      }
      timeout = Duration.ofMillis(command.timeoutMs());
    }
    JsonNode args =
        command.args() == null || command.args().isNull() ? Json.mapper().createObjectNode() : command.args();
    Optional<BridgeConnection> connection = registry.connection(sessionId);
    if (connection.isEmpty()) {
      notConnected(ctx, request, sessionId);
      return;
    }
    connection
        .get()
        .pending()
        .send(command.op(), args, timeout)
        .whenCompleteAsync((result, error) -> answered(ctx, request, result, error), ctx.executor());
  }

  private void answered(ChannelHandlerContext ctx, FullHttpRequest request, Frame.Result result, Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof CommandFailure failure) {
        HttpResponseStatus status =
            switch (failure.code()) {
              case CommandFailure.BUSY -> HttpResponseStatus.TOO_MANY_REQUESTS;
              case CommandFailure.TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
              default -> HttpResponseStatus.CONFLICT;
            };
        HttpResponses.refuse(ctx, request, status, failure.code(), failure.getMessage());
      } else {
        log.warn("command failed unexpectedly", cause);
        HttpResponses.refuse(
            ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", String.valueOf(cause));
      }
      return;
    }
    ObjectNode body = Json.mapper().createObjectNode();
    if (result.ok()) {
      body.put("ok", true);
      body.set("value", result.value() == null ? Json.mapper().nullNode() : result.value());
      HttpResponses.json(ctx, request, HttpResponseStatus.OK, body);
      return;
    }
    JsonNode browser = result.error() == null ? Json.mapper().createObjectNode() : result.error();
    String browserCode = browser.path("code").isString() ? browser.path("code").stringValue() : "unknown";
    String browserMessage = browser.path("message").isString() ? browser.path("message").stringValue() : "";
    body.put("ok", false);
    ObjectNode e = body.putObject("error");
    e.put("code", "browser_error");
    e.put("message", "the browser answered " + browserCode + (browserMessage.isEmpty() ? "" : ": " + browserMessage));
    e.set("browser", browser);
    HttpResponses.json(ctx, request, HttpResponseStatus.BAD_GATEWAY, body);
  }

  /** No live connection: 409 if the session exists, 404 if the store has never heard of it. */
  private void notConnected(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
    SessionStore store = config.store();
    CompletableFuture.supplyAsync(() -> store.get(sessionId), storeExecutor)
        .whenCompleteAsync(
            (session, error) -> {
              if (error != null) {
                storeFailed(ctx, request, error);
              } else if (session.isEmpty()) {
                HttpResponses.refuse(
                    ctx, request, HttpResponseStatus.NOT_FOUND, "unknown_session", "no session " + sessionId);
              } else {
                HttpResponses.refuse(
                    ctx,
                    request,
                    HttpResponseStatus.CONFLICT,
                    "not_connected",
                    notConnectedMessage(session.get()));
              }
            },
            ctx.executor());
  }

  private String notConnectedMessage(Session session) {
    if (session.revoked()) {
      return "session " + session.id() + " was revoked";
    }
    if (session.isExpiredAt(config.clock().instant())) {
      return "session " + session.id() + " has expired: make a new one";
    }
    return "no browser tab is connected to session "
        + session.id()
        + ": paste its pairing code into the snap-mcp extension's popup";
  }

  private void badRequest(ChannelHandlerContext ctx, FullHttpRequest request, String message) {
    HttpResponses.refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request", message);
  }

  private void storeFailed(ChannelHandlerContext ctx, FullHttpRequest request, Throwable error) {
    log.warn("control API: the store failed: {}", error.toString());
    HttpResponses.refuse(
        ctx,
        request,
        HttpResponseStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        "the bridge could not read its session store: " + error.getMessage());
  }
}
