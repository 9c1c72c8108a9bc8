package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.SessionStatus;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of a welcomed connection: results go to the command waiting for them, events become the session's latest
 * state ({@code closing} also ends the connection as {@code tab_closed}), JavaScript-level pings get a pong. Anything
 * before the welcome is a {@code bad_frame}.
 */
final class SessionFrameHandler extends SimpleChannelInboundHandler<Frame> {

  private static final Logger log = LoggerFactory.getLogger(SessionFrameHandler.class);

  /** The event a page sends when it goes away for good (a reload is not one). */
  static final String CLOSING = "closing";

  private final SessionRegistry registry;

  SessionFrameHandler(SessionRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    BridgeConnection connection = BridgeConnection.of(ctx.channel());
    if (connection == null) {
      ctx.close();
      return;
    }
    if (!connection.welcomed()) {
      connection.badFrame(
          frame instanceof Frame.Hello ? "hello is being checked; wait for welcome" : "say hello first");
      return;
    }
    if (frame instanceof Frame.Result result) {
      connection.goodFrame();
      registry.seen(connection);
      if (!registry.tabs().complete(connection, result)) {
        log.warn("dropping result for unknown or timed-out command id {} on {}", result.id(), connection);
      }
    } else if (frame instanceof Frame.Event event) {
      connection.goodFrame();
      registry.recordEvent(connection, event);
      if (CLOSING.equals(event.event())) {
        // The tab is going away for good (closed, or left Snap!): its commands fail now, and the state says so.
        connection.close(SessionStatus.TAB_CLOSED_REASON, null, WebSocketCloseStatus.NORMAL_CLOSURE);
      }
    } else if (frame instanceof Frame.Ping) {
      connection.goodFrame();
      registry.seen(connection);
      ctx.writeAndFlush(new Frame.Pong());
    } else {
      connection.badFrame("a " + frame.type() + " frame is not expected from the browser now");
    }
  }

}
