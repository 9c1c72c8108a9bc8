package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Lets through the two things this port serves, the WebSocket at {@value #WEBSOCKET_PATH} and the control API under
 * {@value #API_PREFIX}; anything else is a 404 here.
 */
final class HttpRouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String WEBSOCKET_PATH = "/ws";
  static final String API_PREFIX = "/api/";

  HttpRouteHandler() {
    super(false);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = path(request.uri());
    if (path.equals(WEBSOCKET_PATH) || path.startsWith(API_PREFIX)) {
      ctx.fireChannelRead(request);
      return;
    }
    HttpResponses.refuse(
        ctx,
        request,
        ControlErrorCode.NOT_FOUND,
        "this is the snap-mcp bridge: WebSocket at /ws, control API under /api/v1/");
  }

  /** The path of a request URI, without query or fragment. */
  static String path(String uri) {
    int end = uri.length();
    for (char c : new char[] {'?', '#'}) {
      int i = uri.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return uri.substring(0, end);
  }
}
