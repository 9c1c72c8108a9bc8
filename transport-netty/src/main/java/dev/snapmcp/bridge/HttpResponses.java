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
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    HttpUtil.setContentLength(response, bytes.length);
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
}
