package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Scram;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission on an {@link EmbeddedChannel} over a real store; store calls run on the test thread (a direct executor)
 * so the test decides when the event loop's continuations run.
 */
class HelloHandlerTest {

  private final TempStateDir state = TempStateDir.create();
  private final SessionStore store = state.open();
  private final ExecutorService direct = new DirectExecutorService();
  private final BridgeConfig config =
      BridgeConfig.builder(store).port(0).helloTimeout(Duration.ofSeconds(5)).maxConnectionsPerAddress(1).build();
  private final SessionRegistry registry = new SessionRegistry(store, direct, Clock.systemUTC(), Duration.ofSeconds(15),
      TestTabs.of(Clock.systemUTC()));
  private final HelloThrottle throttle =
      new HelloThrottle(1, Duration.ofMinutes(1), Duration.ofSeconds(2), 8, Clock.systemUTC());
  private final ConnectionsPerAddress perAddress = new ConnectionsPerAddress(1);

  @AfterEach
  void close() {
    store.close();
    state.close();
  }

  @Test
  void aGoodHelloIsRecordedWelcomedAndTheHandlerStepsAside() {
    NewSession s = store.create(Duration.ofHours(1));
    EmbeddedChannel ch = handshaken();
    prove(ch, s.session().id(), s.token());
    assertInstanceOf(Frame.Proven.class, ch.readOutbound());
    ch.writeInbound(new Frame.Identify(new ClientInfo("0.1.0", "12", "ua"), null));
    ch.runPendingTasks();
    Frame.Welcome welcome = ch.readOutbound();
    assertEquals(s.session().id(), welcome.session());
    assertEquals(BridgeConnection.of(ch).id(), welcome.connection());
    assertTrue(store.get(s.session().id()).orElseThrow().connected());
    assertNull(ch.pipeline().get(HelloHandler.class));
    assertTrue(BridgeConnection.of(ch).welcomed());
  }

  @Test
  void silenceAfterTheHandshakeIsAHelloTimeout() {
    EmbeddedChannel ch = handshaken();
    ch.advanceTimeBy(4999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertNull(ch.readOutbound());
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    Frame.Error error = ch.readOutbound();
    assertEquals("hello_timeout", error.code());
    assertInstanceOf(CloseWebSocketFrame.class, ch.readOutbound());
    assertFalse(ch.isOpen());
  }

  @Test
  void wrongTokensAreAnsweredLaterAndTheRightOneIsStillWelcomedAtOnce() {
    NewSession s = store.create(Duration.ofHours(1));
    EmbeddedChannel first = handshaken();
    prove(first, s.session().id(), "wrong");
    assertEquals("unauthorized", ((Frame.Error) first.readOutbound()).code()); // the first is free
    first.close();
    EmbeddedChannel second = handshaken();
    prove(second, s.session().id(), "wrong again");
    assertNull(second.readOutbound()); // slowed: 100 ms
    second.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    second.runScheduledPendingTasks();
    assertEquals("unauthorized", ((Frame.Error) second.readOutbound()).code());
    second.close();
    EmbeddedChannel third = handshaken();
    prove(third, s.session().id(), s.token());
    assertInstanceOf(Frame.Proven.class, third.readOutbound());
    third.writeInbound(new Frame.Identify(null, null));
    third.runPendingTasks();
    assertInstanceOf(Frame.Welcome.class, third.readOutbound());
    assertTrue(store.get(s.session().id()).orElseThrow().connected());
  }

  @Test
  void connectionsOverThePerAddressLimitAreRefusedAndTheCountFollowsTheSockets() {
    EmbeddedChannel first = handshaken();
    EmbeddedChannel second = handshaken();
    assertEquals("too_many_connections", ((Frame.Error) second.readOutbound()).code());
    assertFalse(second.isOpen());
    assertTrue(first.isOpen());
    first.close();
    EmbeddedChannel third = handshaken();
    assertNull(third.readOutbound());
    assertTrue(third.isOpen());
  }

  /** hello, then the proof for the challenge made with {@code token}; leaves the answer to the proof outbound. */
  static void prove(EmbeddedChannel ch, String session, String token) {
    String clientNonce = Scram.newNonce();
    ch.writeInbound(new Frame.Hello(session, null, null, null, Frame.Hello.HANDSHAKE, clientNonce));
    ch.runPendingTasks();
    Frame.Challenge c = ch.readOutbound();
    byte[] salted = Scram.saltedPassword(token, Scram.fromBase64(c.salt()), c.iterations());
    String auth = Scram.authMessage(session, clientNonce, c.nonce(), c.salt(), c.iterations());
    ch.writeInbound(new Frame.Proof(c.nonce(), Scram.base64(Scram.clientProof(salted, auth))));
    ch.runPendingTasks();
  }

  private EmbeddedChannel handshaken() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(new HelloHandler(config, registry, direct, throttle, perAddress));
    ch.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
    return ch;
  }

  /** Runs every task on the calling thread. */
  private static final class DirectExecutorService extends java.util.concurrent.AbstractExecutorService {
    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public java.util.List<Runnable> shutdownNow() {
      return java.util.List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
