package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may ask what, decided on the request's head before any body is read. Every HTTP connection counts against its
 * address (until it becomes a WebSocket, which {@link HelloHandler} counts apart); one over the limit is refused. The
 * WebSocket ({@code /ws}) needs an Origin on the allowlist and carries no body. The control API ({@code /api/…})
 * refuses any request with an Origin (no web page reaches it), any whose Host is not the loopback address and our
 * port (no DNS rebinding), any from another machine, any without the bearer token (compared in constant time), and
 * any body announced over the limit.
 */
final class RequestPolicyHandler extends RequestHeadGate {

  private static final Logger log = LoggerFactory.getLogger(RequestPolicyHandler.class);

  private final OriginPolicy origins;
  private final IntSupplier port;
  private final byte[] expectedAuthorization;
  private final ConnectionsPerAddress httpConnections;
  private final int maxBodyBytes;

  private String address;
  private boolean counted;
  private boolean overLimit;
  private boolean upgrading;

  /**
   * @param token the control API's bearer token
   * @param httpConnections the HTTP connections of every address, shared by every connection of the bridge
   * @param maxBodyBytes the largest control API body
   */
  RequestPolicyHandler(
      OriginPolicy origins, IntSupplier port, String token, ConnectionsPerAddress httpConnections, int maxBodyBytes) {
    this.origins = origins;
    this.port = port;
    this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.httpConnections = httpConnections;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    address = BridgeConnection.addressOf(ctx.channel().remoteAddress());
    counted = httpConnections.tryAcquire(address);
    overLimit = !counted;
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    super.channelInactive(ctx);
  }

  private void release() {
    if (counted) {
      counted = false;
      httpConnections.release(address);
    }
  }

  @Override
  Refusal check(ChannelHandlerContext ctx, HttpRequest head) {
    if (upgrading) {
      return new Refusal(ControlErrorCode.BAD_REQUEST,
          "this connection asked for a WebSocket: open a new connection for anything else");
    }
    if (overLimit) {
      log.info("refused an HTTP connection from {}: over the limit of {}", address, httpConnections.limit());
      return new Refusal(ControlErrorCode.TOO_MANY_CONNECTIONS, "more than " + httpConnections.limit()
          + " HTTP connections from " + address + ": close some (a client should reuse kept-alive connections)");
    }
    String path = HttpRouteHandler.path(head.uri());
    String origin = head.headers().get(HttpHeaderNames.ORIGIN);
    if (path.equals(HttpRouteHandler.WEBSOCKET_PATH)) {
      Refusal refusal = webSocketRefusal(ctx, head, origin);
      if (refusal == null) {
        upgrading = true;
        release(); // from its handshake on, it counts as a WebSocket
      }
      return refusal;
    }
    if (path.startsWith(HttpRouteHandler.API_PREFIX)) {
      return controlApiRefusal(ctx, head, origin);
    }
    return null;
  }

  private Refusal webSocketRefusal(ChannelHandlerContext ctx, HttpRequest head, String origin) {
    if (!origins.allows(origin)) {
      log.info("refused a WebSocket from {}: origin {} is not allowed", ctx.channel().remoteAddress(), origin);
      return new Refusal(ControlErrorCode.FORBIDDEN,
          origin == null
              ? "a WebSocket needs an Origin header"
              : "origin " + origin + " is not allowed (snap-mcp bridge --allow-origin adds one)");
    }
    if (hasBody(head)) {
      return new Refusal(ControlErrorCode.BAD_REQUEST, "a WebSocket upgrade carries no body");
    }
    return null;
  }

  private Refusal controlApiRefusal(ChannelHandlerContext ctx, HttpRequest head, String origin) {
    if (origin != null) {
      return forbidden("the control API does not serve browsers (the request has an Origin header)");
    }
    if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
        || remote.getAddress() == null
        || !remote.getAddress().isLoopbackAddress()) {
      return forbidden("the control API serves this machine only");
    }
    String host = head.headers().get(HttpHeaderNames.HOST);
    if (host == null || !loopbackHost(host.toLowerCase(Locale.ROOT), port.getAsInt())) {
      return forbidden(
          "the control API answers only Host 127.0.0.1:" + port.getAsInt() + " or localhost:" + port.getAsInt());
    }
    if (!authorized(head)) {
      return new Refusal(ControlErrorCode.UNAUTHORIZED,
          "missing or wrong bearer token (it is in the bridge's state folder, bridge.token)");
    }
    long length = contentLength(head);
    if (length > maxBodyBytes) {
      return new Refusal(ControlErrorCode.TOO_LARGE,
          "the body is " + length + " bytes, over the control API's limit of " + maxBodyBytes + " bytes");
    }
    return null;
  }

  private boolean authorized(HttpRequest head) {
    String header = head.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  private static boolean hasBody(HttpRequest head) {
    return contentLength(head) > 0 || HttpUtil.isTransferEncodingChunked(head);
  }

  /** The announced body length; 0 when none is announced (a chunked body is measured by the aggregator). */
  private static long contentLength(HttpRequest head) {
    try {
      return HttpUtil.getContentLength(head, 0L);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // the codec rejects a malformed length first; never let one through
    }
  }

  private static Refusal forbidden(String message) {
    return new Refusal(ControlErrorCode.FORBIDDEN, message);
  }

  private static boolean loopbackHost(String host, int port) {
    return host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port) || host.equals("[::1]:" + port);
  }
}
