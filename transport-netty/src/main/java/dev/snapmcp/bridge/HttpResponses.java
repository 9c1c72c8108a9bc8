package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.ErrorAnswer;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.core.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/** Writing JSON answers to HTTP requests, keeping the connection open when the client asked for keep-alive. */
final class HttpResponses {

  private HttpResponses() {}

  /** Answers {@code request} with {@code body} and releases the request. */
  static void json(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Object body) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    ReferenceCountUtil.release(request);
    FullHttpResponse response = response(status, body);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Answers {@code {"ok":false,"error":{"code","message"}}} with the code's status and releases the request. */
  static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ControlErrorCode code, String message) {
    refuse(ctx, request, code, ErrorAnswer.of(code, message));
  }

  /** Answers with {@code answer} under {@code code}'s status and releases the request. */
  static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ControlErrorCode code, ErrorAnswer answer) {
    json(ctx, request, HttpResponseStatus.valueOf(code.status()), answer);
  }

  /**
   * Answers a request that is not (or not yet) whole with {@code code} and {@code Connection: close}, and closes the
   * connection once the answer is out: what is left of the request is never read.
   */
  static void refuseAndClose(ChannelHandlerContext ctx, ControlErrorCode code, String message) {
    FullHttpResponse response = response(HttpResponseStatus.valueOf(code.status()), ErrorAnswer.of(code, message));
    HttpUtil.setKeepAlive(response, false);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse response(HttpResponseStatus status, Object body) {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    HttpUtil.setContentLength(response, bytes.length);
    return response;
  }
}
