package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The request timeout of one HTTP connection: a request must arrive whole, head and body, within the timeout of its
 * first byte, and a new connection must start its first request within it. Past it, a request partly received is
 * answered {@code 408 request_timeout} and the connection closed; a connection that sent nothing is closed. Nothing is
 * timed while a request is being answered (a command may take minutes) or while a kept-alive connection rests between
 * requests (the idle timeout governs that).
 *
 * <p>Two handlers share the clock: {@link #bytes()} stands before the HTTP codec and sees a request's first bytes
 * arrive, {@link #requests()} stands after it and sees the request end. When the connection becomes a WebSocket both
 * leave the pipeline ({@link LivenessHandler}).
 */
final class RequestDeadline {

  /** The pipeline names of the two handlers. */
  static final String BYTES = "requestStart";
  static final String REQUESTS = "requestEnd";

  private final Duration timeout;
  private ChannelHandlerContext requestsContext;
  private ScheduledFuture<?> timer;
  private boolean received; // some of the current request has arrived

  RequestDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  /** The handler before the HTTP codec. */
  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        received = true;
        start(ctx); // before the codec sees the bytes: if they end the request, the clock stops at once
        super.channelRead(ctx, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
      }

      @Override
      public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
      }
    };
  }

  /** The handler after the HTTP codec. */
  ChannelHandler requests() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        requestsContext = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
          received = true;
          start(ctx); // a request decoded from bytes that came with the end of the one before
        }
        if (msg instanceof LastHttpContent) {
          stop();
          received = false;
        }
        super.channelRead(ctx, msg);
      }
    };
  }

  private void start(ChannelHandlerContext ctx) {
    if (timer == null) {
      timer = ctx.executor().schedule(this::expired, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    ChannelHandlerContext ctx = requestsContext;
    if (ctx == null || ctx.isRemoved() || !ctx.channel().isActive()) {
      return;
    }
    ctx.channel().config().setAutoRead(false);
    if (received) {
      HttpResponses.refuseAndClose(ctx, ControlErrorCode.REQUEST_TIMEOUT,
          "the request did not arrive whole within " + timeout.toMillis() + " ms of its first byte");
    } else {
      ctx.close();
    }
  }
}
