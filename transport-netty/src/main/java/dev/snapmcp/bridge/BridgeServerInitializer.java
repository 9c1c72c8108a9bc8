package dev.snapmcp.bridge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The bridge's pipeline, top to bottom. Every connection starts as HTTP. A request is judged on its head (path, Origin,
 * Host, token, announced size, connections of its address) before any body is read: only then is a body buffered, up
 * to the control API's limit, and each request must arrive whole within the request timeout. A request for {@code /ws}
 * that passes becomes a WebSocket (Netty then swaps the HTTP codec for the WebSocket one in place, and the HTTP timers
 * go); everything under {@code /api/} is the control API. Whatever the protocol, an exception no handler dealt with
 * ends the connection ({@link ClosingExceptionHandler}, last).
 */
final class BridgeServerInitializer extends ChannelInitializer<SocketChannel> {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BridgeServerInitializer.class);

  /** The name of the idle-state handler, which the liveness handler replaces when a WebSocket is established. */
  static final String IDLE = "idle";

  /**
   * How long a control API connection may sit unused before the bridge closes it: long, so that a client reusing a
   * kept-alive connection rarely meets one being closed under it.
   */
  static final Duration HTTP_IDLE = Duration.ofMinutes(10);

  private final BridgeConfig config;
  private final OriginPolicy origins;
  private final IntSupplier port;
  private final Supplier<ControlApiHandler> controlApi;
  private final Supplier<? extends ChannelHandler> hello;
  private final SessionRegistry registry;
  private final String token;
  private final ConnectionsPerAddress httpConnections;

  /**
   * @param token the control API's bearer token, checked on each request's head
   */
  BridgeServerInitializer(
      BridgeConfig config,
      IntSupplier port,
      String token,
      SessionRegistry registry,
      Supplier<ControlApiHandler> controlApi,
      Supplier<? extends ChannelHandler> hello) {
    this.config = config;
    this.origins = new OriginPolicy(config.originPatterns());
    this.port = port;
    this.registry = registry;
    this.controlApi = controlApi;
    this.hello = hello;
    this.token = token;
    this.httpConnections = new ConnectionsPerAddress(config.maxConnectionsPerAddress());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!config.insecureForTesting() && !fromLoopback(ch)) {
      // The bridge speaks no TLS: beyond loopback a reverse proxy terminates it and connects from loopback, so a
      // connection from another machine is a plain one, whose token proof and commands anyone on the way could read.
      log.info("refused a plain connection from {}: other machines reach the bridge through its TLS proxy only"
          + " (--insecure-for-testing accepts them)", BridgeConnection.addressOf(ch.remoteAddress()));
      ch.close();
      return;
    }
    ChannelPipeline p = ch.pipeline();
    // Silence detection on raw bytes, so a pong counts as life whatever the protocol state. HTTP connections get a
    // long idle time; the liveness handler shortens it and adds pings once a connection becomes a WebSocket.
    p.addLast(IDLE, new IdleStateHandler(HTTP_IDLE.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    RequestDeadline deadline = new RequestDeadline(config.requestTimeout());
    p.addLast(RequestDeadline.BYTES, deadline.bytes());
    p.addLast("http", new HttpServerCodec());
    p.addLast(RequestDeadline.REQUESTS, deadline.requests());
    // The head gates: nothing of a body is read before them, and a refusal closes the connection.
    p.addLast("route", new HttpRouteHandler());
    p.addLast("policy",
        new RequestPolicyHandler(origins, port, token, httpConnections, config.maxFrameBytes()));
    // A command travels to the tab in one WebSocket frame: a bigger body could never be delivered.
    p.addLast("httpAggregator", new ControlBodyAggregator(config.maxFrameBytes()));
    p.addLast("controlApi", controlApi.get());
    p.addLast("websocket", new WebSocketServerProtocolHandler(webSocketConfig()));
    p.addLast("liveness", new LivenessHandler(registry, config.idleTimeout(), config.pingInterval()));
    p.addLast("wsAggregator", new WebSocketFrameAggregator(config.maxFrameBytes()));
    p.addLast("frames", new JsonFrameCodec(config.maxFrameBytes()));
    p.addLast("hello", hello.get());
    p.addLast("session", new SessionFrameHandler(registry));
    // Last, for both the HTTP requests and the WebSocket frames the same pipeline carries after an upgrade.
    p.addLast("closeOnException", new ClosingExceptionHandler());
  }

  private static boolean fromLoopback(SocketChannel ch) {
    java.net.InetSocketAddress remote = ch.remoteAddress();
    return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  private WebSocketServerProtocolConfig webSocketConfig() {
    return WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(HttpRouteHandler.WEBSOCKET_PATH)
        .checkStartsWith(false)
        .handshakeTimeoutMillis(config.helloTimeout().toMillis())
        .handleCloseFrames(true)
        // Pongs travel on to the liveness handler, which counts them as a sign of life.
        .dropPongFrames(false)
        .decoderConfig(
            WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                // We answer a too-large or broken frame ourselves, with an error frame before the close.
                .closeOnProtocolViolation(false)
                .withUTF8Validator(true)
                .build())
        .build();
  }
}
