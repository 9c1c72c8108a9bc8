package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * A decision made on a request's head, before any of its body is read or kept: it stands before the aggregator, which
 * buffers bodies. A refused request is answered at once ({@code Connection: close}); the connection stops reading and
 * closes once the answer is out, and whatever of the request had already been read is dropped. A request let through
 * goes on, head and body, unchanged. WebSocket frames, after an upgrade, pass untouched.
 */
abstract class RequestHeadGate extends ChannelInboundHandlerAdapter {

  /** Why a request is refused: the code (with its status) and a message a person can act on. */
  record Refusal(ControlErrorCode code, String message) {}

  private boolean refused;

  /** The refusal of this request, decided on its head alone; null lets it through. */
  abstract Refusal check(ChannelHandlerContext ctx, HttpRequest head);

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (refused && msg instanceof HttpObject) {
      ReferenceCountUtil.release(msg); // the rest of a refused request, decoded from bytes already read
      return;
    }
    if (msg instanceof HttpRequest head) {
      Refusal refusal = check(ctx, head);
      if (refusal != null) {
        refused = true;
        ReferenceCountUtil.release(msg);
        ctx.channel().config().setAutoRead(false);
        HttpResponses.refuseAndClose(ctx, refusal.code(), refusal.message());
        return;
      }
    }
    super.channelRead(ctx, msg);
  }
}
