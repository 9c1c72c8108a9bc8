package dev.snapmcp.bridge.tab;

import dev.snapmcp.core.Json;
import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted browser extension: the browser's side of the bridge's WebSocket protocol ({@code docs/protocol.md}) in
 * Java, in the manner of OkHttp's MockWebServer. A real WebSocket client (the JDK's {@link java.net.http.WebSocket})
 * that connects to a bridge with an Origin header, says hello, records every frame it receives, and answers commands
 * through a pluggable {@link Responder}. The bridge's and mcp's tests use it in place of Chromium; the harness runs
 * thousands of them against a bridge process, which is why it is main code.
 *
 * <pre>{@code
 * try (FakeBrowser browser = FakeBrowser.to(bridge.port())
 *     .responder((op, args) -> FakeBrowser.Reply.value(Map.of("op", op)))
 *     .connect()) {
 *   JsonNode welcome = browser.hello(session.id(), token).awaitFrame("welcome", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The page behind the socket is a {@link FakePage}: share one between fake browsers that stand for one tab
 * reconnecting, and a command the bridge re-sends after a drop is answered once ({@link Reply#later} answers on
 * whichever socket is the page's when it completes). {@link #closing()} says the tab is going away for good.
 *
 * <p>{@link #freeze()} makes it a hung tab: it stops reading, so the JDK stops answering the bridge's pings (the JDK
 * answers a ping only when it reads it) and nothing else is sent either. Every wait takes a timeout; a wait that ends
 * without what it waited for throws {@link AssertionError} (a failed expectation in a test; the harness counts it as
 * a failed client). See {@code WebSocketFramesTest} (freeze, replacement) and {@code ControlApiTest} (responders) for
 * uses.
 */
public final class FakeBrowser implements Closeable {

  /** The origin a real Snap! tab on snap.berkeley.edu sends. */
  public static final String SNAP_ORIGIN = "https://snap.berkeley.edu";

  static final HttpClient SHARED_CLIENT = HttpClient.newHttpClient();

  /** Sends answers off the listener's thread, which must not block on its own socket. */
  static final java.util.concurrent.ExecutorService ANSWERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-browser-answer");
            t.setDaemon(true);
            return t;
          });

  /** Answers one command. Called on the client's thread; keep it quick. */
  @FunctionalInterface
  public interface Responder {
    Reply answer(String op, JsonNode args);
  }

  /** What the fake browser answers to a command: a value, an error, or nothing at all. */
  public static final class Reply {
    final JsonNode value;
    final String code;
    final String message;
    final JsonNode details;
    final boolean silent;
    final CompletionStage<Reply> later;

    private Reply(JsonNode value, String code, String message, JsonNode details, boolean silent) {
      this(value, code, message, details, silent, null);
    }

    private Reply(
        JsonNode value, String code, String message, JsonNode details, boolean silent, CompletionStage<Reply> later) {
      this.value = value;
      this.code = code;
      this.message = message;
      this.details = details;
      this.silent = silent;
      this.later = later;
    }

    /**
     * The reply {@code later} brings, sent when it completes on whichever socket is the page's then (a command still
     * running when its socket dropped is answered on the next one).
     */
    public static Reply later(CompletionStage<Reply> later) {
      return new Reply(null, null, null, null, false, Objects.requireNonNull(later));
    }

    /** {@code ok:true} with {@code value} (any object Jackson can write). */
    public static Reply value(Object value) {
      return new Reply(Json.mapper().valueToTree(value), null, null, null, false);
    }

    /** {@code ok:false} with this error. */
    public static Reply error(String code, String message) {
      return new Reply(null, Objects.requireNonNull(code), message, null, false);
    }

    /** {@code ok:false} with this error and its {@code details} (any object Jackson can write). */
    public static Reply error(String code, String message, Object details) {
      return new Reply(null, Objects.requireNonNull(code), message, Json.mapper().valueToTree(details), false);
    }

    /** No answer: the command will time out at the bridge. */
    public static Reply none() {
      return new Reply(null, null, null, null, true);
    }
  }

  /** How the bridge closed the socket. */
  public record Closed(int code, String reason) {}

  /** The bridge refused the WebSocket handshake with this HTTP status (403 for a bad Origin). */
  public static final class HandshakeRefused extends RuntimeException {
    private final int status;

    HandshakeRefused(int status) {
      super("the bridge refused the WebSocket handshake with HTTP " + status);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final WebSocket socket;
  private final Object lock = new Object();
  private volatile FakeHandshake handshake;
  private final List<JsonNode> received = new ArrayList<>();
  private final CompletableFuture<Closed> closed;
  private final SocketListener listener;
  private final Keyring keyring;

  FakeBrowser(WebSocket socket, SocketListener listener, Keyring keyring) {
    this.socket = socket;
    this.listener = listener;
    this.keyring = keyring;
    this.closed = listener.closed;
    listener.owner = this;
    socket.request(1);
  }

  /** A fake browser for the bridge at {@code ws://127.0.0.1:PORT/ws}. */
  public static FakeBrowserBuilder to(int port) {
    return new FakeBrowserBuilder(URI.create("ws://127.0.0.1:" + port + "/ws"));
  }

  /** A fake browser for a WebSocket at {@code uri}. */
  public static FakeBrowserBuilder to(URI uri) {
    return new FakeBrowserBuilder(uri);
  }

  /** Connects, says hello and waits for the welcome; fails if an error frame or close comes instead. */
  public static FakeBrowser connected(int port, String session, String token) {
    FakeBrowser browser = to(port).connect();
    try {
      browser.hello(session, token).awaitFrame("welcome", Duration.ofSeconds(10));
      return browser;
    } catch (RuntimeException | AssertionError e) {
      browser.close();
      throw e;
    }
  }

  /** Sends {@code {"type":"event","event":"closing"}}: the tab is going away for good. */
  public FakeBrowser closing() {
    ObjectNode event = Json.mapper().createObjectNode();
    event.put("type", "event");
    event.put("event", "closing");
    return sendJson(event);
  }

  /** The page behind this socket. */
  public FakePage page() {
    return listener.page;
  }

  /**
   * Starts the handshake for {@code session} with {@code token}: a hello with a fresh nonce; the proof, the check of
   * the bridge's signature and the identify (made-up client versions) follow as the bridge answers. No token is sent.
   * A pairing code this browser's {@link Keyring} has exchanged is proved with the secret it was exchanged for.
   */
  public FakeBrowser hello(String session, String token) {
    FakeHandshake h = new FakeHandshake(session, token, keyring);
    handshake = h;
    return sendJson(h.hello());
  }

  /** True once the bridge proved it holds the session's verifier; false for an impostor or before. */
  public boolean bridgeProven() {
    FakeHandshake h = handshake;
    return h != null && h.state() == FakeHandshake.State.PROVEN;
  }

  /** True when the other end failed to prove itself: nothing more was sent to it, and no command was run. */
  public boolean impostorDetected() {
    FakeHandshake h = handshake;
    return h != null && h.state() == FakeHandshake.State.IMPOSTOR;
  }

  /** The handshake's step for an incoming frame; false when the frame must go no further (the bridge is unproven). */
  boolean handshakeStep(JsonNode frame) {
    FakeHandshake h = handshake;
    return h == null || h.step(this, frame);
  }

  /** Sends any object as one JSON text frame. */
  public FakeBrowser sendJson(Object frame) {
    return send(Json.mapper().writeValueAsString(frame));
  }

  /** Sends raw text as one frame (malformed JSON included). */
  public FakeBrowser send(String text) {
    synchronized (lock) {
      join(socket.sendText(text, true));
    }
    return this;
  }

  /** Sends one binary frame. */
  public FakeBrowser sendBinary(byte[] bytes) {
    synchronized (lock) {
      join(socket.sendBinary(ByteBuffer.wrap(bytes), true));
    }
    return this;
  }

  /** The first received frame of this {@code type}, waiting up to {@code timeout} for it. */
  public JsonNode awaitFrame(String type, Duration timeout) {
    return awaitFrame(f -> type.equals(f.path("type").asString("")), timeout, "a \"" + type + "\" frame");
  }

  /**
   * The first received frame matching {@code matcher}, waiting up to {@code timeout} for it; fails at once when the
   * socket is closed without one (every frame sent before the close has been received by then: none can follow).
   */
  public JsonNode awaitFrame(Predicate<JsonNode> matcher, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (JsonNode f : received) {
          if (matcher.test(f)) {
            return f;
          }
        }
        if (closed.isDone()) {
          throw new AssertionError("no " + what + ": the socket closed (" + describeClose() + "); received "
              + received);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no " + what + " within " + timeout + "; received " + received
              + (closed.isDone() ? ", closed " + closed.getNow(null) : ""));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(received, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what);
        }
      }
    }
  }

  private String describeClose() {
    try {
      return String.valueOf(closed.getNow(null));
    } catch (RuntimeException e) {
      return "failed: " + e;
    }
  }

  /** Every frame received so far, oldest first. */
  public List<JsonNode> frames() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits for the bridge to close the socket and says how. */
  public Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the bridge did not close the socket within " + timeout + "; received " + frames());
    } catch (ExecutionException e) {
      throw new AssertionError("the socket failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** Whether the bridge has closed the socket (or it failed). */
  public boolean isClosed() {
    return closed.isDone();
  }

  /** A hung tab: stop reading from now on, so pings go unanswered and commands unanswered. */
  public FakeBrowser freeze() {
    listener.frozen = true;
    return this;
  }

  /** Closes the socket from the browser's side (normal closure) without waiting. */
  @Override
  public void close() {
    try {
      if (!socket.isOutputClosed()) {
        synchronized (lock) {
          socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        }
      }
    } catch (Exception e) {
      // The bridge may have closed first; aborting is enough then.
    } finally {
      socket.abort();
    }
  }

  /** Drops the TCP connection without a close frame, as a crashed tab would. */
  public void abort() {
    socket.abort();
  }

  void onFrame(JsonNode frame) {
    synchronized (received) {
      received.add(frame);
      received.notifyAll();
    }
  }

  void notifyWaiters() {
    synchronized (received) {
      received.notifyAll();
    }
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("send did not complete within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
