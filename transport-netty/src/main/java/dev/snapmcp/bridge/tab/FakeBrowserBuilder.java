package dev.snapmcp.bridge.tab;

import dev.snapmcp.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds and connects a {@link FakeBrowser} ({@link FakeBrowser#to}). */
public final class FakeBrowserBuilder {
  private final URI uri;
  private String origin = FakeBrowser.SNAP_ORIGIN;
  private FakeBrowser.Responder responder = (op, args) -> FakeBrowser.Reply.value(Json.mapper().createObjectNode());
  private FakePage page;
  private HttpClient client = FakeBrowser.SHARED_CLIENT;
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Keyring keyring = Keyring.SHARED;

  FakeBrowserBuilder(URI uri) {
    this.uri = uri;
  }

  /** The browser's memory of exchanged pairing codes. Default {@link Keyring#SHARED}; a new one is another browser. */
  public FakeBrowserBuilder keyring(Keyring keyring) {
    this.keyring = Objects.requireNonNull(keyring);
    return this;
  }

  /** The Origin header to send; null sends none. Default {@link FakeBrowser#SNAP_ORIGIN}. */
  public FakeBrowserBuilder origin(String origin) {
    this.origin = origin;
    return this;
  }

  /** How commands are answered. Default: an empty object. */
  public FakeBrowserBuilder responder(FakeBrowser.Responder responder) {
    this.responder = Objects.requireNonNull(responder);
    return this;
  }

  /**
   * The page behind the socket: share one between the fake browsers that stand for one tab reconnecting, so a
   * command re-sent after a drop is answered once. Default: a page of its own.
   */
  public FakeBrowserBuilder page(FakePage page) {
    this.page = Objects.requireNonNull(page);
    return this;
  }

  /** The HTTP client to connect with (share one across many fake browsers). */
  public FakeBrowserBuilder client(HttpClient client) {
    this.client = Objects.requireNonNull(client);
    return this;
  }

  /**
   * Opens the WebSocket (no hello yet).
   *
   * @throws FakeBrowser.HandshakeRefused if the bridge answers the upgrade with an HTTP error
   */
  public FakeBrowser connect() {
    SocketListener listener = new SocketListener(responder, page == null ? new FakePage() : page);
    WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(connectTimeout);
    if (origin != null) {
      b.header("Origin", origin);
    }
    try {
      WebSocket socket = b.buildAsync(uri, listener).get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new FakeBrowser(socket, listener, keyring);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        throw new FakeBrowser.HandshakeRefused(refused.getResponse().statusCode());
      }
      throw new IllegalStateException("could not connect to " + uri + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not connect to " + uri + " within " + connectTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
