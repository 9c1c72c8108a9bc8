package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Gathers a request's body, up to the control API's limit. It only ever sees requests the head gates let through, so
 * only a caller with the token (or a WebSocket upgrade, which has no body) gets a body buffered. A body announced over
 * the limit was refused on its head; one that grows past it as it arrives (chunked) is answered here with the API's
 * own {@code 413 too_large} and the connection closed.
 */
final class ControlBodyAggregator extends HttpObjectAggregator {

  private final int maxBodyBytes;

  ControlBodyAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.channel().config().setAutoRead(false);
    HttpResponses.refuseAndClose(ctx, ControlErrorCode.TOO_LARGE,
        "the body grew past the control API's limit of " + maxBodyBytes + " bytes");
  }
}
