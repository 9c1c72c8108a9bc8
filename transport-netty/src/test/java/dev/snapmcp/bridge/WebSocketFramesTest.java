package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Real sockets: bad frames, oversized frames, replacement and its late close, hung tabs. A bystander connection is open
 * through every bad case and must keep answering.
 */
class WebSocketFramesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private BridgeFixture fixture;
  private NewSession bystanderSession;
  private FakeBrowser bystander;

  @BeforeEach
  void start() {
    fixture = BridgeFixture.start();
    bystanderSession = fixture.newSession();
    bystander =
        FakeBrowser.to(fixture.port())
            .responder((op, args) -> FakeBrowser.Reply.value(Map.of("echo", op)))
            .connect();
    bystander.hello(bystanderSession.session().id(), bystanderSession.token()).awaitFrame("welcome", WAIT);
  }

  @AfterEach
  void stop() {
    bystander.close();
    fixture.close();
  }

  @Test
  void malformedJsonIsAnsweredAndTheThirdInARowCloses() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      browser.send("{not json");
      assertEquals("bad_frame", nthError(browser, 1).path("code").asString());
      browser.send("{\"type\":\"ping\"}").awaitFrame("pong", WAIT); // a good frame resets the count
      browser.send("[1,2]");
      browser.send("{\"no\":\"type\"}");
      assertEquals("bad_frame", nthError(browser, 3).path("code").asString());
      assertFalse(browser.isClosed());
      browser.send("{\"type\":\"teleport\"}");
      JsonNode last = nthError(browser, 4);
      assertTrue(last.path("message").asString().contains("closing"), last.toString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
    }
    assertBystanderAnswers();
  }

  @Test
  void binaryFramesAreBadFrames() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      browser.sendBinary(new byte[] {1, 2, 3});
      assertEquals("bad_frame", nthError(browser, 1).path("code").asString());
    }
    assertBystanderAnswers();
  }

  @Test
  void framesBeforeHelloAreBadFrames() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      browser.send("{\"type\":\"event\",\"event\":\"ready\",\"ready\":true}");
      assertEquals("bad_frame", nthError(browser, 1).path("code").asString());
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
    }
  }

  @Test
  void anOversizedFrameIsTooLargeAndCloses() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      String huge = "{\"type\":\"event\",\"event\":\"x\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
      browser.send(huge);
      JsonNode error = browser.awaitFrame("error", WAIT);
      assertEquals("too_large", error.path("code").asString());
      assertEquals(1009, browser.awaitClose(WAIT).code());
    }
    await().atMost(WAIT).until(() -> !fixture.store.get(s.session().id()).orElseThrow().connected());
    assertEquals("too_large", lastEvent(s).reason());
    assertBystanderAnswers();
  }

  @Test
  void aNewerConnectionReplacesTheOlderWhoseLateCloseChangesNothing() {
    NewSession s = fixture.newSession();
    String id = s.session().id();
    FakeBrowser first = FakeBrowser.connected(fixture.port(), id, s.token());
    String firstConnection = first.awaitFrame("welcome", WAIT).path("connection").asString();
    try (FakeBrowser second =
        FakeBrowser.to(fixture.port())
            .responder((op, args) -> FakeBrowser.Reply.value(Map.of("from", "second")))
            .connect()) {
      String secondConnection = second.hello(id, s.token()).awaitFrame("welcome", WAIT).path("connection").asString();
      assertEquals("replaced", first.awaitFrame("error", WAIT).path("code").asString());
      assertEquals(1008, first.awaitClose(WAIT).code());
      first.close();
      // The first socket's close reaches the store after the second's connect...
      await()
          .atMost(WAIT)
          .until(
              () ->
                  fixture.store.get(id).orElseThrow().history().stream()
                      .anyMatch(e -> SessionEvent.DISCONNECTED.equals(e.type())
                          && firstConnection.equals(e.connectionId())));
      // ...and leaves the session connected through the second.
      Session now = fixture.store.get(id).orElseThrow();
      assertTrue(now.connected(), now.toString());
      assertEquals(secondConnection, now.connectionId());
      var answer = BridgeFixture.json(fixture.command(id, "status", Map.of(), null));
      assertEquals("second", answer.path("value").path("from").asString(), answer.toString());
    }
  }

  @Test
  void aTabThatStopsAnsweringPingsIsClosedAsHeartbeatTimeout() {
    try (BridgeFixture quick =
        BridgeFixture.start(b -> b.pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(1500)))) {
      NewSession hung = quick.newSession();
      NewSession alive = quick.newSession();
      try (FakeBrowser healthy = FakeBrowser.connected(quick.port(), alive.session().id(), alive.token());
          FakeBrowser frozen = FakeBrowser.connected(quick.port(), hung.session().id(), hung.token())) {
        frozen.freeze();
        await()
            .atMost(WAIT)
            .until(() -> !quick.store.get(hung.session().id()).orElseThrow().connected());
        Session after = quick.store.get(hung.session().id()).orElseThrow();
        SessionEvent last = after.history().get(after.history().size() - 1);
        assertEquals("heartbeat_timeout", last.reason(), after.history().toString());
        // The healthy tab answered every ping by itself (the JDK does, as browsers do) and is still connected,
        // well past several idle timeouts.
        assertTrue(quick.store.get(alive.session().id()).orElseThrow().connected());
        assertFalse(healthy.isClosed());
        healthy.send("{\"type\":\"ping\"}").awaitFrame("pong", WAIT);
      }
    }
  }

  private JsonNode nthError(FakeBrowser browser, int n) {
    await().atMost(WAIT).until(() -> errors(browser) >= n);
    return browser.frames().stream().filter(f -> "error".equals(f.path("type").asString())).skip(n - 1).findFirst()
        .orElseThrow();
  }

  private static long errors(FakeBrowser browser) {
    return browser.frames().stream().filter(f -> "error".equals(f.path("type").asString())).count();
  }

  private SessionEvent lastEvent(NewSession s) {
    Session after = fixture.store.get(s.session().id()).orElseThrow();
    return after.history().get(after.history().size() - 1);
  }

  private void assertBystanderAnswers() {
    assertFalse(bystander.isClosed());
    var answer = BridgeFixture.json(fixture.command(bystanderSession.session().id(), "status", Map.of(), null));
    assertEquals("status", answer.path("value").path("echo").asString(), answer.toString());
    assertTrue(fixture.store.get(bystanderSession.session().id()).orElseThrow().connected());
  }
}
