package dev.snapmcp.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * The frames of a welcomed connection: results go to the command waiting for them, events become the session's latest
 * state, JavaScript-level pings get a pong. Anything before the welcome is a {@code bad_frame}.
 */
final class SessionFrameHandler extends SimpleChannelInboundHandler<Frame> {

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
      connection.pending().complete(result);
    } else if (frame instanceof Frame.Event event) {
      connection.goodFrame();
      registry.recordEvent(connection, event);
    } else if (frame instanceof Frame.Ping) {
      connection.goodFrame();
      registry.seen(connection);
      ctx.writeAndFlush(new Frame.Pong());
    } else {
      connection.badFrame("a " + frame.type() + " frame is not expected from the browser now");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    BridgeConnection connection = BridgeConnection.of(ctx.channel());
    if (connection != null) {
      connection.pending().closeAll();
    }
    super.channelInactive(ctx);
  }
}
