package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** An exception no handler dealt with ends the connection, whatever the protocol. */
class ClosingExceptionHandlerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A handler with a bug: every message it reads throws. */
  private static final class Throwing extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      throw new IllegalStateException("a bug in a handler");
    }
  }

  /** In the hello handler's place: adopts the WebSocket as a connection like it does, then fails on the hello. */
  private static final class ThrowingHello extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof HandshakeComplete) {
        ctx.channel().attr(BridgeConnection.KEY).set(new BridgeConnection(ctx.channel()));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      throw new IllegalStateException("a bug in the hello handler");
    }
  }

  @Test
  void aPlainConnectionIsClosed() {
    EmbeddedChannel ch = new EmbeddedChannel(new Throwing(), new ClosingExceptionHandler());
    ch.writeInbound("GET /api/v1/health");
    assertFalse(ch.isOpen());
  }

  @Test
  void aWebSocketIsClosedWith1011AndTheReasonIsKept() {
    EmbeddedChannel ch = new EmbeddedChannel();
    BridgeConnection connection = new BridgeConnection(ch);
    ch.attr(BridgeConnection.KEY).set(connection);
    ch.pipeline().addLast(new Throwing(), new ClosingExceptionHandler());
    ch.writeInbound("a frame");
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, ch.readOutbound());
    assertEquals(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), close.statusCode());
    close.release();
    assertFalse(ch.isOpen());
    assertEquals(ClosingExceptionHandler.REASON, connection.closeReason());
  }

  @Test
  void overARealSocketTheBrowserSeesTheClose() throws Exception {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      BridgeConfig config = BridgeConfig.builder(store).port(0).build();
      ExecutorService storeExecutor = Executors.newCachedThreadPool();
      SessionRegistry registry = new SessionRegistry(store, storeExecutor, Clock.systemUTC(), Duration.ofMinutes(1),
          TestTabs.of(Clock.systemUTC()));
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      int[] port = {0};
      ControlApiHandler.BridgeStatus status = new ControlApiHandler.BridgeStatus() {
        @Override
        public int port() {
          return port[0];
        }

        @Override
        public Instant startedAt() {
          return Instant.EPOCH;
        }
      };
      try {
        Channel server = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new BridgeServerInitializer(config, () -> port[0], "token", registry,
                () -> new ControlApiHandler(config, registry, storeExecutor, status,
                    new CommandRouter(store, registry, storeExecutor)), ThrowingHello::new))
            .bind("127.0.0.1", 0).sync().channel();
        port[0] = ((InetSocketAddress) server.localAddress()).getPort();
        try (FakeBrowser browser = FakeBrowser.to(port[0]).connect()) {
          browser.hello("sess_any", "any-token");
          FakeBrowser.Closed closed = browser.awaitClose(WAIT);
          assertEquals(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), closed.code(), closed.toString());
        } finally {
          server.close().sync();
        }
      } finally {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        storeExecutor.shutdownNow();
      }
    }
  }
}
