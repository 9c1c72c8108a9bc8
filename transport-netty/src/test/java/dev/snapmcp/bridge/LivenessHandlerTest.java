package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pings and heartbeat timeouts on an {@link EmbeddedChannel}. */
class LivenessHandlerTest {

  @Test
  void aQuietWebSocketIsPinged() {
    EmbeddedChannel ch = webSocket();
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
    PingWebSocketFrame ping = ch.readOutbound();
    assertInstanceOf(PingWebSocketFrame.class, ping);
    ping.release();
    assertTrue(ch.isOpen());
  }

  @Test
  void aWebSocketThatSendsNothingIsClosedAsHeartbeatTimeout() {
    EmbeddedChannel ch = webSocket();
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    Frame.Error error = ch.readOutbound();
    assertEquals("heartbeat_timeout", error.code());
    CloseWebSocketFrame close = ch.readOutbound();
    assertEquals(1001, close.statusCode());
    close.release();
    assertFalse(ch.isOpen());
    assertEquals("heartbeat_timeout", BridgeConnection.of(ch).closeReason());
  }

  @Test
  void anIdleHttpConnectionIsJustClosed() {
    EmbeddedChannel ch = new EmbeddedChannel(new LivenessHandler(null, Duration.ofSeconds(45), Duration.ofSeconds(15)));
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
    assertNull(ch.readOutbound(), "no pings on plain HTTP");
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    assertFalse(ch.isOpen());
  }

  @Test
  void pongsStopHere() {
    EmbeddedChannel ch = new EmbeddedChannel(new LivenessHandler(null, Duration.ofSeconds(45), Duration.ofSeconds(15)));
    PongWebSocketFrame pong = new PongWebSocketFrame();
    assertFalse(ch.writeInbound(pong));
    assertEquals(0, pong.refCnt());
  }

  @Test
  void becomingAWebSocketSwapsTheLongHttpIdleForTheWebSocketsTimings() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(BridgeServerInitializer.IDLE, new IdleStateHandler(600_000, 0, 0, TimeUnit.MILLISECONDS));
    ch.pipeline().addLast(new LivenessHandler(null, Duration.ofSeconds(45), Duration.ofSeconds(15)));
    ch.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
    IdleStateHandler idle = (IdleStateHandler) ch.pipeline().get(BridgeServerInitializer.IDLE);
    assertEquals(45_000, idle.getReaderIdleTimeInMillis());
    assertEquals(15_000, idle.getWriterIdleTimeInMillis());
  }

  private static EmbeddedChannel webSocket() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.attr(BridgeConnection.KEY).set(new BridgeConnection(ch));
    ch.pipeline().addLast(new LivenessHandler(null, Duration.ofSeconds(45), Duration.ofSeconds(15)));
    return ch;
  }
}
