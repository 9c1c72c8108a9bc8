package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns text frames into {@link Frame} records and records into text frames. Text that is not a frame we understand
 * is answered with {@code bad_frame} here and goes no further; an oversized frame is answered with {@code too_large}
 * and a close (1009).
 */
final class JsonFrameCodec extends MessageToMessageCodec<WebSocketFrame, Frame> {

  private static final Logger log = LoggerFactory.getLogger(JsonFrameCodec.class);

  private final int maxFrameBytes;

  JsonFrameCodec(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    out.add(new TextWebSocketFrame(Json.mapper().writeValueAsString(frame)));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
    BridgeConnection connection = BridgeConnection.of(ctx.channel());
    if (connection == null) {
      ctx.close();
      return;
    }
    if (!(frame instanceof TextWebSocketFrame text)) {
      connection.badFrame("only text frames holding JSON objects are accepted");
      return;
    }
    Frame decoded = parse(text.text());
    if (decoded instanceof Frame.Bad bad) {
      connection.badFrame(bad.reason());
    } else {
      out.add(decoded);
    }
  }

  /** Parses one frame's text; never throws. */
  static Frame parse(String text) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (JacksonException e) {
      return new Frame.Bad("not JSON: " + e.getOriginalMessage());
    }
    if (!(tree instanceof ObjectNode object)) {
      return new Frame.Bad("a frame must be a JSON object");
    }
    JsonNode type = object.get("type");
    if (type == null || !type.isString()) {
      return new Frame.Bad("a frame needs a \"type\"");
    }
    try {
      return switch (type.stringValue()) {
        case "hello" -> Json.mapper().treeToValue(object, Frame.Hello.class);
        case "proof" -> Json.mapper().treeToValue(object, Frame.Proof.class);
        case "identify" -> Json.mapper().treeToValue(object, Frame.Identify.class);
        case "result" -> result(object);
        case "event" -> new Frame.Event(object);
        case "ping" -> new Frame.Ping();
        default -> new Frame.Bad("unknown frame type \"" + type.stringValue() + "\"");
      };
    } catch (JacksonException e) {
      return new Frame.Bad("malformed " + type.stringValue() + " frame: " + e.getOriginalMessage());
    }
  }

  private static Frame result(ObjectNode object) {
    JsonNode id = object.get("id");
    JsonNode ok = object.get("ok");
    if (id == null || !id.isString() || ok == null || !ok.isBoolean()) {
      return new Frame.Bad("a result needs a string \"id\" and a boolean \"ok\"");
    }
    return new Frame.Result(id.stringValue(), ok.booleanValue(), object.get("value"), object.get("error"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    BridgeConnection connection = BridgeConnection.of(ctx.channel());
    if (connection != null && tooLarge(cause)) {
      connection.close(
          WebSocketErrorCode.TOO_LARGE.code(),
          new Frame.Error(WebSocketErrorCode.TOO_LARGE, "a frame was over the limit of " + maxFrameBytes + " bytes"),
          WebSocketCloseStatus.MESSAGE_TOO_BIG);
      return;
    }
    if (connection != null && cause instanceof CorruptedWebSocketFrameException corrupt) {
      connection.close(
          "protocol_error",
          new Frame.Error(WebSocketErrorCode.BAD_FRAME, "broken WebSocket frame: " + corrupt.getMessage()),
          corrupt.closeStatus());
      return;
    }
    log.debug("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  private static boolean tooLarge(Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      return true;
    }
    return cause instanceof CorruptedWebSocketFrameException corrupt
        && corrupt.closeStatus() != null
        && corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
  }
}
