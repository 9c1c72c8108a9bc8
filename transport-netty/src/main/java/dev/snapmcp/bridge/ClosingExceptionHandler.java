package dev.snapmcp.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection: an exception no handler before it dealt with ends the connection, logged once.
 * Without it Netty's pipeline tail only logs, and a socket whose hello or session handler failed would stay open and
 * half-alive. A WebSocket is closed with 1011 and the reason {@code internal_error} (recorded in the store's history);
 * an HTTP connection is simply closed.
 */
final class ClosingExceptionHandler extends ChannelInboundHandlerAdapter {

  /** The close reason the store records for a connection ended by an unexpected exception. */
  static final String REASON = "internal_error";

  private static final Logger log = LoggerFactory.getLogger(ClosingExceptionHandler.class);

  private boolean logged;

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!logged) {
      logged = true;
      log.warn("closing the connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
    }
    BridgeConnection connection = BridgeConnection.of(ctx.channel());
    if (connection != null) {
      connection.close(REASON, null, WebSocketCloseStatus.INTERNAL_SERVER_ERROR); // the close frame, then the socket
    } else {
      ctx.close();
    }
  }
}
