package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The frame codec on an {@link EmbeddedChannel}: parsing, answering bad frames, closing on the third. */
class JsonFrameCodecTest {

  @Test
  void parsesEveryInboundTypeIgnoringUnknownFields() {
    Frame.Hello hello = (Frame.Hello) JsonFrameCodec.parse(
        "{\"type\":\"hello\",\"session\":\"sess_1\",\"token\":\"t\",\"future\":1,"
            + "\"client\":{\"extension\":\"0.1.0\",\"snap\":\"12\",\"new\":true},\"tab\":{\"url\":\"u\"}}");
    assertEquals("sess_1", hello.session());
    assertEquals("12", hello.client().snap());
    assertEquals("u", hello.tab().path("url").asString());
    assertFalse(hello.toString().contains("t,"), "the token stays out of toString: " + hello);
    assertTrue(hello.toString().contains("<hidden>"));

    Frame.Hello bare = (Frame.Hello) JsonFrameCodec.parse(
        "{\"type\":\"hello\",\"session\":\"sess_1\",\"token\":\"t\",\"client\":null}");
    assertNull(bare.client(), "missing or null parts are tolerated");
    assertNull(bare.tab());

    Frame.Result ok = (Frame.Result) JsonFrameCodec.parse("{\"type\":\"result\",\"id\":\"c_1\",\"ok\":true,\"value\":{\"a\":1}}");
    assertTrue(ok.ok());
    assertEquals(1, ok.value().path("a").asInt());
    Frame.Result failed = (Frame.Result) JsonFrameCodec.parse(
        "{\"type\":\"result\",\"id\":\"c_2\",\"ok\":false,\"error\":{\"code\":\"unknown_block\"}}");
    assertEquals("unknown_block", failed.error().path("code").asString());
    assertNull(failed.value());

    Frame.Event event = (Frame.Event) JsonFrameCodec.parse("{\"type\":\"event\",\"event\":\"ready\",\"ready\":true}");
    assertEquals("ready", event.event());
    assertInstanceOf(Frame.Ping.class, JsonFrameCodec.parse("{\"type\":\"ping\"}"));
  }

  @Test
  void everyKindOfNonsenseIsABadFrameWithAReason() {
    for (String text :
        new String[] {"", "{", "[]", "42", "\"hello\"", "{}", "{\"type\":7}", "{\"type\":\"teleport\"}",
            "{\"type\":\"result\",\"ok\":true}", "{\"type\":\"result\",\"id\":\"c\",\"ok\":\"yes\"}",
            "{\"type\":\"hello\",\"client\":\"not an object\"}"}) {
      Frame f = JsonFrameCodec.parse(text);
      assertInstanceOf(Frame.Bad.class, f, text);
      assertFalse(((Frame.Bad) f).reason().isBlank());
    }
  }

  @Test
  void writesOutboundRecordsWithTheirType() {
    EmbeddedChannel ch = channel();
    ch.writeOutbound(new Frame.Welcome("conn_1", "sess_1", 15000, 100, new Frame.BridgeInfo("0.1.0", 42)));
    JsonNode welcome = outboundJson(ch);
    assertEquals("welcome", welcome.path("type").asString());
    assertEquals("conn_1", welcome.path("connection").asString());
    assertEquals(42, welcome.path("bridge").path("pid").asInt());
    ch.writeOutbound(new Frame.Command("c_1", "status", Json.mapper().createObjectNode()));
    JsonNode command = outboundJson(ch);
    assertEquals("command", command.path("type").asString());
    assertTrue(command.path("args").isObject());
  }

  @Test
  void badFramesAreAnsweredAndTheThirdInARowCloses() {
    EmbeddedChannel ch = channel();
    assertFalse(ch.writeInbound(new TextWebSocketFrame("{nope")));
    assertEquals("bad_frame", outboundJson(ch).path("code").asString());
    assertFalse(ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}))));
    assertEquals("bad_frame", outboundJson(ch).path("code").asString());
    assertTrue(ch.isOpen());
    ch.writeInbound(new TextWebSocketFrame("{\"type\":\"nope\"}"));
    assertEquals("bad_frame", outboundJson(ch).path("code").asString());
    CloseWebSocketFrame close = ch.readOutbound();
    assertEquals(1008, close.statusCode());
    close.release();
    assertFalse(ch.isOpen());
    assertEquals("protocol_error", BridgeConnection.of(ch).closeReason());
  }

  @Test
  void goodFramesPassOn() {
    EmbeddedChannel ch = channel();
    assertTrue(ch.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}")));
    assertInstanceOf(Frame.Ping.class, ch.readInbound());
  }

  @Test
  void anOversizedMessageIsTooLargeThenClosed() {
    EmbeddedChannel ch = channel();
    ch.pipeline().fireExceptionCaught(new TooLongFrameException("too long"));
    JsonNode error = outboundJson(ch);
    assertEquals("too_large", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("1024 bytes"));
    CloseWebSocketFrame close = ch.readOutbound();
    assertEquals(1009, close.statusCode());
    close.release();
    assertFalse(ch.isOpen());
    assertEquals("too_large", BridgeConnection.of(ch).closeReason());
  }

  static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.attr(BridgeConnection.KEY).set(new BridgeConnection(ch));
    ch.pipeline().addLast(new JsonFrameCodec(1024));
    return ch;
  }

  static JsonNode outboundJson(EmbeddedChannel ch) {
    TextWebSocketFrame frame = ch.readOutbound();
    try {
      return Json.mapper().readTree(frame.text());
    } finally {
      frame.release();
    }
  }
}
