package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may ask what, decided before anything else looks at a request. The WebSocket ({@code /ws}) needs an Origin on
 * the allowlist; the control API ({@code /api/…}) refuses any request with an Origin (no web page reaches it), any
 * whose Host is not the loopback address and our port (no DNS rebinding), and any from another machine.
 */
final class RequestPolicyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(RequestPolicyHandler.class);

  private final OriginPolicy origins;
  private final IntSupplier port;

  RequestPolicyHandler(OriginPolicy origins, IntSupplier port) {
    super(false);
    this.origins = origins;
    this.port = port;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = HttpRouteHandler.path(request.uri());
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (path.equals(HttpRouteHandler.WEBSOCKET_PATH)) {
      if (!origins.allows(origin)) {
        log.info("refused a WebSocket from {}: origin {} is not allowed", ctx.channel().remoteAddress(), origin);
        HttpResponses.refuse(
            ctx,
            request,
            ControlErrorCode.FORBIDDEN,
            origin == null
                ? "a WebSocket needs an Origin header"
                : "origin " + origin + " is not allowed (snap-mcp bridge --allow-origin adds one)");
        return;
      }
    } else if (path.startsWith(HttpRouteHandler.API_PREFIX)) {
      String refusal = controlApiRefusal(ctx, request, origin);
      if (refusal != null) {
        HttpResponses.refuse(ctx, request, ControlErrorCode.FORBIDDEN, refusal);
        return;
      }
    }
    ctx.fireChannelRead(request);
  }

  private String controlApiRefusal(ChannelHandlerContext ctx, FullHttpRequest request, String origin) {
    if (origin != null) {
      return "the control API does not serve browsers (the request has an Origin header)";
    }
    if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
        || remote.getAddress() == null
        || !remote.getAddress().isLoopbackAddress()) {
      return "the control API serves this machine only";
    }
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (host == null || !loopbackHost(host.toLowerCase(Locale.ROOT), port.getAsInt())) {
      return "the control API answers only Host 127.0.0.1:" + port.getAsInt() + " or localhost:" + port.getAsInt();
    }
    return null;
  }

  private static boolean loopbackHost(String host, int port) {
    return host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port) || host.equals("[::1]:" + port);
  }
}
