package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Real sockets, real store: who gets a WebSocket and a welcome, and that every refusal leaves the bridge serving. */
class WebSocketAuthTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private BridgeFixture fixture;

  @BeforeEach
  void start() {
    fixture = BridgeFixture.start();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void rightTokenIsWelcomedAndTheStoreRecordsTheConnection() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode welcome = browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      assertEquals(s.session().id(), welcome.path("session").asString());
      assertEquals(15000, welcome.path("heartbeatMs").asInt());
      assertEquals(64 * 1024, welcome.path("maxFrameBytes").asInt());
      assertEquals(ProcessHandle.current().pid(), welcome.path("bridge").path("pid").asLong());
      String connection = welcome.path("connection").asString();
      assertTrue(connection.startsWith("conn_"), connection);
      // The welcome is sent once the store has the connect.
      Session stored = fixture.store.get(s.session().id()).orElseThrow();
      assertTrue(stored.connected());
      assertEquals(connection, stored.connectionId());
      assertEquals("fake-snap-10", stored.client().snap());
    }
    await().atMost(WAIT).until(() -> !fixture.store.get(s.session().id()).orElseThrow().connected());
    Session after = fixture.store.get(s.session().id()).orElseThrow();
    SessionEvent last = after.history().get(after.history().size() - 1);
    assertEquals(SessionEvent.DISCONNECTED, last.type());
    assertEquals("closed", last.reason());
  }

  @Test
  void wrongTokenIsUnauthorizedAndClosed() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode error = browser.hello(s.session().id(), "not-the-token").awaitFrame("error", WAIT);
      assertEquals("unauthorized", error.path("code").asString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
    }
    assertFalse(fixture.store.get(s.session().id()).orElseThrow().connected());
    assertGoodClientStillWorks();
  }

  /** FakeBrowser: a wait for a frame that can no longer come (the socket closed) ends with the close, not its timeout. */
  @Test
  void aWaitForAWelcomeEndsWhenTheBridgeClosesTheSocket() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      AssertionError refused = assertThrows(AssertionError.class,
          () -> browser.hello(s.session().id(), "not-the-token").awaitFrame("welcome", Duration.ofSeconds(30)));
      assertTrue(refused.getMessage().contains("the socket closed"), refused.getMessage());
      assertTrue(refused.getMessage().contains("unauthorized"), refused.getMessage());
    }
  }

  @Test
  void unknownSessionIsIndistinguishableFromWrongToken() {
    NewSession s = fixture.newSession();
    String wrongToken;
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      wrongToken = browser.hello(s.session().id(), "nope").awaitFrame("error", WAIT).toString();
    }
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode error = browser.hello("sess_doesNotExist0000", "nope").awaitFrame("error", WAIT);
      assertEquals(wrongToken, error.toString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
    }
    assertGoodClientStillWorks();
  }

  @Test
  void expiredSessionIsToldSo() {
    NewSession s = fixture.store.create(Duration.ofMillis(1));
    await().atMost(WAIT).until(() -> s.session().isExpiredAt(Instant.now()));
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode error = browser.hello(s.session().id(), s.token()).awaitFrame("error", WAIT);
      assertEquals("expired", error.path("code").asString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
    }
    assertGoodClientStillWorks();
  }

  @Test
  void missingOriginIsRefusedBeforeAnyWebSocketExists() {
    FakeBrowser.HandshakeRefused refused =
        assertThrows(FakeBrowser.HandshakeRefused.class, () -> FakeBrowser.to(fixture.port()).origin(null).connect());
    assertEquals(403, refused.status());
    assertGoodClientStillWorks();
  }

  @Test
  void foreignOriginIsRefusedBeforeAnyWebSocketExists() {
    for (String origin :
        new String[] {"https://evil.example", "http://127.0.0.1.evil.example:80", "chrome-extension://otherid",
            "null"}) {
      FakeBrowser.HandshakeRefused refused =
          assertThrows(
              FakeBrowser.HandshakeRefused.class, () -> FakeBrowser.to(fixture.port()).origin(origin).connect());
      assertEquals(403, refused.status(), origin);
    }
    assertGoodClientStillWorks();
  }

  @Test
  void everyDefaultOriginIsAccepted() {
    NewSession s = fixture.newSession();
    for (String origin :
        new String[] {
          "https://snap.berkeley.edu", "http://127.0.0.1:5173", "http://localhost:8080",
          "chrome-extension://" + Protocol.EXTENSION_ID
        }) {
      try (FakeBrowser browser = FakeBrowser.to(fixture.port()).origin(origin).connect()) {
        browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      }
    }
  }

  @Test
  void helloTimeoutClosesASilentSocket() {
    try (BridgeFixture quick = BridgeFixture.start(b -> b.helloTimeout(Duration.ofMillis(300)));
        FakeBrowser browser = FakeBrowser.to(quick.port()).connect()) {
      JsonNode error = browser.awaitFrame("error", WAIT);
      assertEquals("hello_timeout", error.path("code").asString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
    }
    assertGoodClientStillWorks();
  }

  @Test
  void anOriginsUnprovenSocketsAreCappedAndOtherOriginsStillGetIn() {
    try (BridgeFixture limited = BridgeFixture.start(b -> b.maxHandshakesPerOrigin(2))) {
      NewSession s = limited.newSession();
      try (FakeBrowser one = FakeBrowser.to(limited.port()).origin("http://127.0.0.1:9000").connect();
          FakeBrowser two = FakeBrowser.to(limited.port()).origin("http://127.0.0.1:9000").connect();
          FakeBrowser three = FakeBrowser.to(limited.port()).origin("http://127.0.0.1:9000").connect()) {
        assertEquals("rate_limited", three.awaitFrame("error", WAIT).path("code").asString());
        try (FakeBrowser user =
            FakeBrowser.to(limited.port()).origin(Protocol.EXTENSION_ORIGIN).connect()) {
          user.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
        }
      }
    }
  }

  @Test
  void theExtensionsOwnOriginIsNotCapped() {
    // Every student's browser on a classroom's bridge shares the extension's origin; after a restart all come back.
    try (BridgeFixture limited = BridgeFixture.start(b -> b.maxHandshakesPerOrigin(2))) {
      java.util.List<FakeBrowser> tabs = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          tabs.add(FakeBrowser.to(limited.port()).origin(Protocol.EXTENSION_ORIGIN).connect()); // unproven, all
        }
        NewSession s = limited.newSession();
        FakeBrowser fifth = FakeBrowser.to(limited.port()).origin(Protocol.EXTENSION_ORIGIN).connect();
        tabs.add(fifth);
        fifth.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      } finally {
        tabs.forEach(FakeBrowser::close);
      }
    }
  }

  @Test
  void connectionsPerAddressAreLimited() {
    try (BridgeFixture limited = BridgeFixture.start(b -> b.maxConnectionsPerAddress(2))) {
      NewSession a = limited.newSession();
      NewSession b = limited.newSession();
      try (FakeBrowser first = FakeBrowser.connected(limited.port(), a.session().id(), a.token());
          FakeBrowser second = FakeBrowser.connected(limited.port(), b.session().id(), b.token());
          FakeBrowser third = FakeBrowser.to(limited.port()).connect()) {
        assertEquals("too_many_connections", third.awaitFrame("error", WAIT).path("code").asString());
        third.awaitClose(WAIT);
        first.send("{\"type\":\"ping\"}").awaitFrame("pong", WAIT);
      }
      // The count follows the sockets: once they are gone, new ones are admitted.
      await().atMost(WAIT).untilAsserted(() -> {
        try (FakeBrowser again = FakeBrowser.connected(limited.port(), a.session().id(), a.token())) {
          again.send("{\"type\":\"ping\"}").awaitFrame("pong", WAIT);
        }
      });
    }
  }

  private void assertGoodClientStillWorks() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser =
        FakeBrowser.to(fixture.port()).responder((op, args) -> FakeBrowser.Reply.value(Map.of("echo", op))).connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      var answer = BridgeFixture.json(fixture.command(s.session().id(), "status", Map.of(), null));
      assertEquals("status", answer.path("value").path("echo").asString(), answer.toString());
    }
  }
}
