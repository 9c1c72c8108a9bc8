package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Lets through the two things this port serves, the WebSocket at {@value #WEBSOCKET_PATH} and the control API under
 * {@value #API_PREFIX}: anything else is a 404, and a head the HTTP codec could not read (too long, malformed) a 400,
 * both decided before any body is read.
 */
final class HttpRouteHandler extends RequestHeadGate {

  static final String WEBSOCKET_PATH = "/ws";
  static final String API_PREFIX = "/api/";

  @Override
  Refusal check(ChannelHandlerContext ctx, HttpRequest head) {
    if (head.decoderResult().isFailure()) {
      Throwable cause = head.decoderResult().cause();
      return new Refusal(ControlErrorCode.BAD_REQUEST,
          "not a well-formed HTTP/1.1 request" + (cause == null ? "" : ": " + cause.getMessage()));
    }
    String path = path(head.uri());
    if (path.equals(WEBSOCKET_PATH) || path.startsWith(API_PREFIX)) {
      return null;
    }
    return new Refusal(ControlErrorCode.NOT_FOUND,
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
