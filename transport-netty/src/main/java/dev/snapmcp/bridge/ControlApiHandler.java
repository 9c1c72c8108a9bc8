package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.ApiError;
import dev.snapmcp.bridge.control.BrowserError;
import dev.snapmcp.bridge.control.CommandAnswer;
import dev.snapmcp.bridge.control.CommandRequest;
import dev.snapmcp.bridge.control.ErrorAnswer;
import dev.snapmcp.bridge.control.Health;
import dev.snapmcp.bridge.control.SessionList;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.SessionStore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The control API of {@code docs/protocol.md}: health, the live session list, and commands relayed to a session's
 * browser. Requests reach it whole, and only after {@link RequestPolicyHandler} checked them on their head (the
 * bearer token included). Store reads run off the event loop.
 */
final class ControlApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(ControlApiHandler.class);
  private static final Pattern COMMANDS = Pattern.compile("^/api/v1/sessions/([A-Za-z0-9_\\-]{1,100})/commands$");

  private final BridgeConfig config;
  private final SessionRegistry registry;
  private final Executor storeExecutor;
  private final BridgeStatus status;
  private final CommandRouter router;

  /** What health reports about the running bridge. */
  interface BridgeStatus {
    int port();

    Instant startedAt();
  }

  ControlApiHandler(BridgeConfig config, SessionRegistry registry, Executor storeExecutor, BridgeStatus status,
      CommandRouter router) {
    super(false);
    this.router = router;
    this.config = config;
    this.registry = registry;
    this.storeExecutor = storeExecutor;
    this.status = status;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = HttpRouteHandler.path(request.uri());
    if (!path.startsWith(HttpRouteHandler.API_PREFIX)) {
      ctx.fireChannelRead(request);
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
      HttpResponses.refuse(ctx, request, ControlErrorCode.NOT_FOUND, "no such request: " + method + " " + path);
    }
  }

  private void health(ChannelHandlerContext ctx, FullHttpRequest request) {
    Health health =
        new Health(
            true,
            ProcessHandle.current().pid(),
            status.port(),
            config.version(),
            status.startedAt(),
            registry.connectionCount());
    HttpResponses.json(ctx, request, HttpResponseStatus.OK, health);
  }

  private void sessions(ChannelHandlerContext ctx, FullHttpRequest request) {
    SessionStore store = config.store();
    CompletableFuture.supplyAsync(() -> registry.view(store.list(), router.heldElsewhere()), storeExecutor)
        .whenCompleteAsync(
            (views, error) -> {
              if (error != null) {
                storeFailed(ctx, request, error);
                return;
              }
              HttpResponses.json(ctx, request, HttpResponseStatus.OK, new SessionList(views));
            },
            ctx.executor());
  }

  private void command(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
    CommandRequest command;
    try {
      command = Json.mapper().readValue(request.content().toString(StandardCharsets.UTF_8), CommandRequest.class);
    } catch (JacksonException e) {
      badRequest(ctx, request, "the body must be JSON {\"op\",\"args\",\"timeoutMs\",\"id\",\"client\",\"tool\"}: "
          + e.getOriginalMessage());
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
    String id = command.id();
    if (id != null && !CommandRequest.ID_SHAPE.matcher(id).matches()) {
      badRequest(ctx, request, "\"id\" must match " + CommandRequest.ID_SHAPE.pattern());
      return;
    }
    if (tooLong(command.tool()) || command.client() != null
        && (tooLong(command.client().name()) || tooLong(command.client().version()))) {
      badRequest(ctx, request, "\"tool\" and the client's \"name\" and \"version\" are at most "
          + CommandRequest.MAX_NAME_LENGTH + " characters");
      return;
    }
    JsonNode args =
        command.args() == null || command.args().isNull() ? Json.mapper().createObjectNode() : command.args();
    Tabs tabs = registry.tabs();
    Frame.Command frame = new Frame.Command(id != null ? id : tabs.newCommandId(), command.op(), args,
        new Frame.Meta(command.tool(), command.client() == null ? null : command.client().display(),
            config.clock().instant().toString()));
    router.dispatch(sessionId, frame, timeout)
        .whenCompleteAsync((result, error) -> answered(ctx, request, result, error), ctx.executor());
  }

  private static boolean tooLong(String text) {
    return text != null && text.length() > CommandRequest.MAX_NAME_LENGTH;
  }

  private void answered(ChannelHandlerContext ctx, FullHttpRequest request, Frame.Result result, Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof CommandFailure failure) {
        HttpResponses.refuse(ctx, request, failure.code(), failure.getMessage());
      } else {
        log.warn("command failed unexpectedly", cause);
        HttpResponses.refuse(ctx, request, ControlErrorCode.INTERNAL_ERROR, String.valueOf(cause));
      }
      return;
    }
    if (result.ok()) {
      JsonNode value = result.value() == null ? Json.mapper().nullNode() : result.value();
      HttpResponses.json(ctx, request, HttpResponseStatus.OK, new CommandAnswer(true, value));
      return;
    }
    BrowserError browser = BrowserError.of(result.error());
    String browserCode = browser.code() != null ? browser.code() : "unknown";
    String browserMessage = browser.message() != null ? browser.message() : "";
    String message = "the browser answered " + browserCode + (browserMessage.isEmpty() ? "" : ": " + browserMessage);
    ControlErrorCode code = ControlErrorCode.BROWSER_ERROR;
    HttpResponses.refuse(ctx, request, code, new ErrorAnswer(false, new ApiError(code.code(), message, browser)));
  }

  private void badRequest(ChannelHandlerContext ctx, FullHttpRequest request, String message) {
    HttpResponses.refuse(ctx, request, ControlErrorCode.BAD_REQUEST, message);
  }

  private void storeFailed(ChannelHandlerContext ctx, FullHttpRequest request, Throwable error) {
    log.warn("control API: the store failed: {}", error.toString());
    HttpResponses.refuse(
        ctx,
        request,
        ControlErrorCode.UNAVAILABLE,
        "the bridge could not read its session store: " + error.getMessage());
  }
}
