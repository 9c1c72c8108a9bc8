package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.SessionStore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a new WebSocket: counts it against its address and, until it is proven, against its origin ({@link
 * HelloThrottle}), wants a {@code hello} within the hello timeout, checks the
 * token (in constant time, in the store, off the event loop), and on success hands the connection to the {@link
 * SessionRegistry} and answers {@code welcome}. Once welcomed it leaves the pipeline.
 */
final class HelloHandler extends SimpleChannelInboundHandler<Frame.Hello> {

  private static final Logger log = LoggerFactory.getLogger(HelloHandler.class);

  private final BridgeConfig config;
  private final SessionRegistry registry;
  private final Executor storeExecutor;
  private final HelloThrottle throttle;
  private final ConnectionsPerAddress perAddress;

  private BridgeConnection connection;
  private boolean counted;
  private String origin;
  private boolean originCounted;
  private boolean helloSeen;
  private ScheduledFuture<?> helloTimer;

  HelloHandler(
      BridgeConfig config,
      SessionRegistry registry,
      Executor storeExecutor,
      HelloThrottle throttle,
      ConnectionsPerAddress perAddress) {
    this.config = config;
    this.registry = registry;
    this.storeExecutor = storeExecutor;
    this.throttle = throttle;
    this.perAddress = perAddress;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof HandshakeComplete) {
      connection = new BridgeConnection(ctx.channel());
      ctx.channel().attr(BridgeConnection.KEY).set(connection);
      if (!perAddress.tryAcquire(connection.address())) {
        connection.close(
            WebSocketErrorCode.TOO_MANY_CONNECTIONS.code(),
            new Frame.Error(
                WebSocketErrorCode.TOO_MANY_CONNECTIONS,
                "more than " + config.maxConnectionsPerAddress() + " connections from " + connection.address()),
            WebSocketCloseStatus.POLICY_VIOLATION);
        return;
      }
      counted = true;
      origin = HelloThrottle.originKey(((HandshakeComplete) evt).requestHeaders().get("Origin"));
      if (!throttle.tryOpen(origin)) {
        refuse(WebSocketErrorCode.RATE_LIMITED,
            "more than " + throttle.maxOpenPerOrigin() + " unproven connections from " + origin + "; retry in a moment");
        return;
      }
      originCounted = true;
      helloTimer =
          ctx.executor()
              .schedule(this::helloTimedOut, config.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    super.userEventTriggered(ctx, evt);
  }

  private void helloTimedOut() {
    if (!helloSeen) {
      connection.close(
          WebSocketErrorCode.HELLO_TIMEOUT.code(),
          new Frame.Error(
              WebSocketErrorCode.HELLO_TIMEOUT, "no hello within " + config.helloTimeout().toMillis() + " ms of connecting"),
          WebSocketCloseStatus.POLICY_VIOLATION);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame.Hello hello) {
    if (connection == null) {
      ctx.close();
      return;
    }
    if (helloSeen) {
      connection.badFrame("hello was already said on this connection");
      return;
    }
    helloSeen = true;
    connection.goodFrame();
    cancelTimer();
    if (blank(hello.session()) || blank(hello.token())) {
      refuseLater(ctx, hello.session());
      return;
    }
    SessionStore store = config.store();
    CompletableFuture.supplyAsync(() -> store.verifyToken(hello.session(), hello.token()), storeExecutor)
        .whenCompleteAsync((check, error) -> checked(ctx, hello, check, error), ctx.executor());
  }

  private void checked(ChannelHandlerContext ctx, Frame.Hello hello, TokenCheck check, Throwable error) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (error != null) {
      log.warn("could not check a hello from {}: {}", connection.address(), error.toString());
      refuse(WebSocketErrorCode.UNAVAILABLE, "the bridge could not read its session store; try again");
      return;
    }
    switch (check) {
      case REJECTED -> {
        log.info("refused a hello from {} ({}): unknown session or wrong token", connection.address(), origin);
        refuseLater(ctx, hello.session());
      }
      case EXPIRED -> refuse(WebSocketErrorCode.EXPIRED, "this session has expired: make a new one (snap_pair or snap-mcp session new)");
      case VALID -> welcome(ctx, hello);
    }
  }

  private void welcome(ChannelHandlerContext ctx, Frame.Hello hello) {
    connection.sessionId(hello.session());
    registry
        .attach(connection, hello)
        .whenCompleteAsync(
            (session, error) -> {
              if (error != null) {
                log.warn("session {}: could not record the connection: {}", hello.session(), error.toString());
                refuse(WebSocketErrorCode.UNAVAILABLE, "the bridge could not write its session store; try again");
                return;
              }
              if (!ctx.channel().isActive()) {
                return;
              }
              connection.welcomed(true);
              ctx.writeAndFlush(
                  new Frame.Welcome(
                      connection.id(),
                      hello.session(),
                      config.pingInterval().toMillis(),
                      config.maxFrameBytes(),
                      new Frame.BridgeInfo(config.version(), ProcessHandle.current().pid())));
              registry.welcomed(connection); // after the welcome: a command re-sent now follows it on the socket
              if (ctx.pipeline().context(this) != null) {
                ctx.pipeline().remove(this);
              }
              log.info("session {}: connection {} from {} welcomed", hello.session(), connection.id(), connection.address());
            },
            ctx.executor());
  }

  /** A failed proof: answered after the throttle's delay, so guessing is slow; the socket holds its origin's slot. */
  private void refuseLater(ChannelHandlerContext ctx, String session) {
    long delay = throttle.failed(origin, session).toMillis();
    Runnable answer = () -> refuse(WebSocketErrorCode.UNAUTHORIZED, "unknown session or wrong token");
    if (delay == 0) {
      answer.run();
    } else {
      ctx.executor().schedule(answer, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void refuse(WebSocketErrorCode code, String message) {
    connection.close(code.code(), new Frame.Error(code, message), WebSocketCloseStatus.POLICY_VIOLATION);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelTimer();
    release();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimer();
    releaseOrigin(); // proven (or gone): no longer one of its origin's unproven sockets
    // The count must follow the connection, not this handler: release it when the channel closes.
    if (counted && connection != null) {
      counted = false;
      String address = connection.address();
      ctx.channel().closeFuture().addListener(f -> perAddress.release(address));
    }
  }

  private void releaseOrigin() {
    if (originCounted) {
      originCounted = false;
      throttle.release(origin);
    }
  }

  private void release() {
    releaseOrigin();
    if (counted) {
      counted = false;
      perAddress.release(connection.address());
    }
  }

  private void cancelTimer() {
    if (helloTimer != null) {
      helloTimer.cancel(false);
      helloTimer = null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
