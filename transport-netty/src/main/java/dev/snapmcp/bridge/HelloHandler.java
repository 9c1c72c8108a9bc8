package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.Session;
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
 * HelloThrottle}), wants the whole handshake within the hello timeout: {@code hello} → {@code challenge}, {@code
 * proof} (checked against the store's SCRAM verifier, {@link ScramExchange}; a session's first proof exchanges its
 * pairing code for a secret) → {@code proven}, {@code identify} →
 * the connection handed to the {@link SessionRegistry} and {@code welcome}. Once welcomed it leaves the pipeline.
 */
final class HelloHandler extends SimpleChannelInboundHandler<Frame> {

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
  private ScramExchange exchange;
  private boolean proofSeen;
  private boolean proven;
  private boolean identified;
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
    if (!identified) {
      connection.close(
          WebSocketErrorCode.HELLO_TIMEOUT.code(),
          new Frame.Error(
              WebSocketErrorCode.HELLO_TIMEOUT, "no completed handshake (hello, proof, identify) within " + config.helloTimeout().toMillis() + " ms of connecting"),
          WebSocketCloseStatus.POLICY_VIOLATION);
    }
  }

  @Override
  public boolean acceptInboundMessage(Object msg) {
    return msg instanceof Frame.Hello || msg instanceof Frame.Proof || msg instanceof Frame.Identify;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (connection == null) {
      ctx.close();
      return;
    }
    if (frame instanceof Frame.Hello hello) {
      hello(ctx, hello);
    } else if (frame instanceof Frame.Proof proof) {
      proof(ctx, proof);
    } else if (frame instanceof Frame.Identify identify) {
      identify(ctx, identify);
    }
  }

  private void hello(ChannelHandlerContext ctx, Frame.Hello hello) {
    if (helloSeen) {
      connection.badFrame("hello was already said on this connection");
      return;
    }
    helloSeen = true;
    connection.goodFrame();
    if (hello.token() != null || hello.handshake() == null || hello.handshake() != Frame.Hello.HANDSHAKE) {
      refuse(WebSocketErrorCode.OUTDATED_EXTENSION, "this extension speaks an older handshake, which sends the token:"
          + " update the snap-mcp extension (or snap-mcp) so both speak handshake " + Frame.Hello.HANDSHAKE);
      return;
    }
    if (blank(hello.session()) || !ScramExchange.validNonce(hello.nonce())) {
      refuseLater(ctx, hello.session());
      return;
    }
    SessionStore store = config.store();
    String id = hello.session();
    CompletableFuture.supplyAsync(() -> store.get(id).orElse(null), storeExecutor)
        .whenCompleteAsync((stored, error) -> {
          if (!ctx.channel().isActive()) {
            return;
          }
          if (error != null) {
            log.warn("could not check a hello from {}: {}", connection.address(), error.toString());
            refuse(WebSocketErrorCode.UNAVAILABLE, "the bridge could not read its session store; try again");
            return;
          }
          exchange = ScramExchange.start(id, stored, hello.nonce(), config.clock().instant());
          ctx.writeAndFlush(exchange.challenge());
        }, ctx.executor());
  }

  private void proof(ChannelHandlerContext ctx, Frame.Proof proof) {
    if (exchange == null || proofSeen) {
      connection.badFrame(exchange == null ? "a proof answers a challenge" : "the proof was already given");
      return;
    }
    proofSeen = true;
    connection.goodFrame();
    ScramExchange.Outcome outcome = exchange.verify(proof);
    if (outcome == ScramExchange.Outcome.WRONG) {
      log.info("refused a hello from {} ({}): unknown session or wrong proof", connection.address(), origin);
      refuseLater(ctx, exchange.session());
      return;
    }
    if (outcome == ScramExchange.Outcome.CODE_USED) {
      codeUsed();
      return;
    }
    if (exchange.expired()) {
      refuse(WebSocketErrorCode.EXPIRED, "this session has expired: make a new one (snap_pair or snap-mcp session new)");
      return;
    }
    if (!exchange.needsRekey()) {
      proven = true;
      ctx.writeAndFlush(exchange.proven(false));
      return;
    }
    rekey(ctx);
  }

  /**
   * The token just proved is the pairing code: exchange it for the secret derived from this handshake, in one store
   * update that replaces the verifier only if it is still the code's, so of two first uses at once exactly one wins
   * (the other is told {@code code_used}). Only then {@code proven}, which tells the browser to switch.
   */
  private void rekey(ChannelHandlerContext ctx) {
    SessionStore store = config.store();
    ScramExchange ex = exchange;
    String code = ex.storedForm();
    CompletableFuture.supplyAsync(() -> {
      String secret = ex.rekeyedVerifier();
      Session after = store.update(ex.session(), s -> code.equals(s.tokenHash()) ? s.withTokenHash(secret) : s);
      return secret.equals(after.tokenHash());
    }, storeExecutor).whenCompleteAsync((won, error) -> {
      if (!ctx.channel().isActive()) {
        return;
      }
      if (error != null) {
        log.warn("session {}: could not exchange the pairing code: {}", ex.session(), error.toString());
        refuse(WebSocketErrorCode.UNAVAILABLE, "the bridge could not write its session store; try again");
      } else if (!won) {
        codeUsed();
      } else {
        proven = true;
        ctx.writeAndFlush(ex.proven(true));
      }
    }, ctx.executor());
  }

  private void codeUsed() {
    log.info("refused a hello from {} ({}) for session {}: its pairing code was already used", connection.address(),
        origin, exchange.session());
    refuse(WebSocketErrorCode.CODE_USED,
        "this pairing code was already used; ask the assistant for a new one (snap_pair)");
  }

  private void identify(ChannelHandlerContext ctx, Frame.Identify identify) {
    if (!proven || identified) {
      connection.badFrame(identified ? "identify was already said" : "identify comes after the bridge's proof");
      return;
    }
    identified = true;
    connection.goodFrame();
    cancelTimer();
    welcome(ctx, identify);
  }

  private void welcome(ChannelHandlerContext ctx, Frame.Identify identify) {
    String session = exchange.session();
    connection.sessionId(session);
    registry
        .attach(connection, identify)
        .whenCompleteAsync(
            (attached, error) -> {
              if (error != null) {
                log.warn("session {}: could not record the connection: {}", session, error.toString());
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
                      session,
                      config.pingInterval().toMillis(),
                      config.maxFrameBytes(),
                      new Frame.BridgeInfo(config.version(), ProcessHandle.current().pid())));
              registry.welcomed(connection); // after the welcome: a command re-sent now follows it on the socket
              if (ctx.pipeline().context(this) != null) {
                ctx.pipeline().remove(this);
              }
              log.info("session {}: connection {} from {} welcomed", session, connection.id(), connection.address());
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
