package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps quiet connections honest. The {@code IdleStateHandler} at the head of the pipeline reports silence; when a
 * connection becomes a WebSocket this handler swaps it for one with the WebSocket's timings (and drops the HTTP request
 * timeout, {@link RequestDeadline}). After a ping interval
 * without writing, the bridge pings (browsers answer by themselves); after the idle timeout without reading anything,
 * a WebSocket is closed as {@code heartbeat_timeout}. An HTTP connection idle for long is simply closed. Pongs end
 * here, counted as a sign of life.
 */
final class LivenessHandler extends ChannelInboundHandlerAdapter {

  private final SessionRegistry registry;
  private final Duration idleTimeout;
  private final Duration pingInterval;

  LivenessHandler(SessionRegistry registry, Duration idleTimeout, Duration pingInterval) {
    this.registry = registry;
    this.idleTimeout = idleTimeout;
    this.pingInterval = pingInterval;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof HandshakeComplete && ctx.pipeline().get(BridgeServerInitializer.IDLE) != null) {
      ctx.pipeline()
          .replace(
              BridgeServerInitializer.IDLE,
              BridgeServerInitializer.IDLE,
              new IdleStateHandler(idleTimeout.toMillis(), pingInterval.toMillis(), 0, TimeUnit.MILLISECONDS));
      for (String http : new String[] {RequestDeadline.BYTES, RequestDeadline.REQUESTS}) {
        if (ctx.pipeline().get(http) != null) {
          ctx.pipeline().remove(http); // a WebSocket has no requests to time
        }
      }
    }
    if (!(evt instanceof IdleStateEvent idle)) {
      super.userEventTriggered(ctx, evt);
      return;
    }
    BridgeConnection connection = BridgeConnection.of(ctx.channel());
    if (idle.state() == IdleState.READER_IDLE) {
      if (connection == null) {
        ctx.close();
      } else {
        connection.close(
            WebSocketErrorCode.HEARTBEAT_TIMEOUT.code(),
            new Frame.Error(WebSocketErrorCode.HEARTBEAT_TIMEOUT, "nothing received for too long: closing"),
            WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
      }
    } else if (idle.state() == IdleState.WRITER_IDLE && connection != null) {
      ctx.writeAndFlush(new PingWebSocketFrame());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof PongWebSocketFrame) {
      ReferenceCountUtil.release(msg);
      BridgeConnection connection = BridgeConnection.of(ctx.channel());
      if (connection != null) {
        registry.seen(connection);
      }
      return;
    }
    super.channelRead(ctx, msg);
  }
}
