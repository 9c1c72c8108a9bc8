package dev.snapmcp.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.snapmcp.core.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, attack 1, with the real extension in Chromium: a plain WebSocket server (not snap-mcp) listens where the
 * pairing code points, as any local program can once the bridge is gone. It answers the handshake as well as it can
 * without the session's verifier and sends a command at once. It must receive no token and nothing about the tab,
 * the command must not run, the tab must stop offering itself to it, and the popup must say what happened; pairing
 * again with the real bridge then reports the incident.
 */
class ImpostorTest extends BridgedSnapTest {

  @Test
  void aProgramThatCannotProveItIsSnapMcpGetsNothing() throws Exception {
    Impostor impostor = new Impostor();
    try {
      Pairing real = newPairing();
      String token = real.code().split("\\.")[1];
      String code = real.session() + "." + token + "." + impostor.port;
      Page snap = openReadySnap("#snapmcp=" + code);
      // The impostor sends a command right after its challenge: the worker calls it an impostor at the command or at
      // the wrong signature, whichever comes first, so the proof may or may not have gone out (it is useless anyway:
      // it holds for this connection's nonces only).
      await().atMost(CONNECT_TIMEOUT).untilAsserted(() -> assertTrue(impostor.received.size() >= 1,
          "the impostor had " + impostor.connections + " connections and received " + impostor.received));

      Page popup = browser.newPage();
      popup.navigate("chrome-extension://" + EXTENSION_ID + "/popup.html");
      popup.waitForSelector("#state[data-state=rejected]",
          new Page.WaitForSelectorOptions().setTimeout(CONNECT_TIMEOUT.toMillis()));
      String words = popup.textContent("#state");
      assertTrue(words.startsWith("The program on port " + impostor.port + " did not prove it is your snap-mcp."
          + " Nothing was sent to it"), words);

      // No reconnect loop to the impostor, and nothing but the handshake reached it.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> impostor.connections.get() == 1);
      for (JsonNode frame : impostor.received) {
        assertFalse(frame.toString().contains(token), frame.toString());
        assertTrue(List.of("hello", "proof").contains(frame.path("type").asString()), frame.toString());
      }
      assertEquals(0, ((Number) snap.evaluate("() => world.children[0].currentSprite.scripts.children"
          + ".filter(m => m instanceof BlockMorph).length")).intValue(), "the impostor's command ran");

      // The person pairs again (here with the real bridge's code): connected, and snap-mcp hears what happened.
      popup.fill("#code", real.code());
      popup.click("#pair");
      awaitSession(real.session(), s -> s.connected());
      await().atMost(CONNECT_TIMEOUT).until(() -> api.session(real.session()).toString().contains("impostor"));
    } finally {
      impostor.close();
    }
  }

  /** A WebSocket server that plays the bridge without its verifier. */
  private static final class Impostor implements AutoCloseable {
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final Channel server;
    final int port;

    Impostor() throws InterruptedException {
      server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              connections.incrementAndGet();
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                  new WebSocketServerProtocolHandler("/ws"), new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame text) {
                      JsonNode frame = Json.mapper().readTree(text.text());
                      received.add(frame);
                      switch (frame.path("type").asString("")) {
                        case "hello" -> {
                          send(ctx, "{\"type\":\"challenge\",\"nonce\":\"" + frame.path("nonce").asString()
                              + "impostor\",\"salt\":\"W22ZaJ0SNY7soEsUEjb6gQ==\",\"iterations\":4096}");
                          send(ctx, "{\"type\":\"command\",\"id\":\"i1\",\"op\":\"add_script\","
                              + "\"args\":{\"code\":\"(receiveGo) (forward 5)\"}}");
                        }
                        case "proof" -> {
                          send(ctx, "{\"type\":\"proven\",\"serverSignature\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}");
                          send(ctx, "{\"type\":\"welcome\",\"connection\":\"conn_x\",\"session\":\"x\","
                              + "\"heartbeatMs\":15000,\"maxFrameBytes\":65536}");
                        }
                        default -> { }
                      }
                    }
                  });
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static void send(ChannelHandlerContext ctx, String text) {
      ctx.writeAndFlush(new TextWebSocketFrame(text));
    }

    @Override
    public void close() {
      server.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
