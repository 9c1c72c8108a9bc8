package dev.snapmcp.harness;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.bridge.tab.FakePage;
import dev.snapmcp.core.NewSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One student's Snap! tab in the classroom: a {@link FakePage} (the tab, which remembers the ids it answered as the
 * extension's relay does) behind a {@link FakeBrowser} socket through the front, with the full handshake (hello, the
 * mutual proof, identify). When its socket closes (its node was killed, or it was moved) it reconnects through the
 * front as the extension does, after a short pause, with the same page. It records every welcome and every command
 * frame it was sent; the page records every command id it ran.
 */
final class SimulatedTab implements Runnable {

  /** The extension retries within about a second; this is its first pause. */
  private static final long RETRY_MS = 250;

  /** A welcome: when, and the connection id the node recorded in the store. */
  record Welcome(long atNanos, String connection) {}

  /** A socket that closed: when. */
  record Drop(long atNanos) {}

  private final NewSession session;
  private final int frontPort;
  private final FakePage page = new FakePage();
  private final List<Welcome> welcomes = new ArrayList<>();
  private final List<Drop> drops = new ArrayList<>();
  private final List<String> delivered = new ArrayList<>();
  private volatile boolean connected;
  private volatile boolean stopping;
  private volatile FakeBrowser browser;

  SimulatedTab(NewSession session, int frontPort) {
    this.session = session;
    this.frontPort = frontPort;
  }

  String sessionId() {
    return session.session().id();
  }

  @Override
  public void run() {
    while (!stopping) {
      FakeBrowser b = null;
      try {
        b = FakeBrowser.to(frontPort).origin(Protocol.EXTENSION_ORIGIN).page(page)
            .responder((op, args) -> FakeBrowser.Reply.value(answer(op))).connect();
        browser = b;
        b.hello(sessionId(), session.token());
        JsonNode welcome = b.awaitFrame("welcome", Duration.ofSeconds(10));
        synchronized (this) {
          welcomes.add(new Welcome(System.nanoTime(), welcome.path("connection").asString("")));
        }
        connected = true;
        while (!b.isClosed() && !stopping) {
          pause(50);
        }
      } catch (RuntimeException | AssertionError e) {
        // refused, or closed before the welcome: try again, as the extension does
      } finally {
        if (b != null) {
          record(b);
          if (connected && !stopping) {
            synchronized (this) {
              drops.add(new Drop(System.nanoTime()));
            }
          }
          connected = false;
          if (stopping) {
            b.close();
          } else {
            b.abort();
          }
        }
      }
      if (!stopping) {
        pause(RETRY_MS);
      }
    }
  }

  /** What the tab answers: empty variables for a read, an empty object for anything else. */
  private static Object answer(String op) {
    return "get_variables".equals(op) ? Map.of("globals", Map.of(), "sprites", Map.of()) : Map.of();
  }

  /** Keeps the ids of the command frames this socket was sent (a re-send after a hand-over shows twice here). */
  private void record(FakeBrowser b) {
    List<String> ids = new ArrayList<>();
    for (JsonNode f : b.frames()) {
      if ("command".equals(f.path("type").asString("")) || f.has("op") && f.has("id")) {
        ids.add(f.path("id").asString(""));
      }
    }
    synchronized (this) {
      delivered.addAll(ids);
    }
  }

  boolean connected() {
    return connected;
  }

  /** Stops reconnecting; the run loop closes the socket and ends. */
  void stop() {
    stopping = true;
  }

  /** The ids the page ran, oldest first (each id once per page, whatever was re-sent within its memory). */
  List<String> executed() {
    return page.ran();
  }

  synchronized List<Welcome> welcomes() {
    return List.copyOf(welcomes);
  }

  synchronized List<Drop> drops() {
    return List.copyOf(drops);
  }

  synchronized List<String> delivered() {
    return List.copyOf(delivered);
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
