package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Scram;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, attack 1: the SCRAM-SHA-256 handshake over real sockets. The token never crosses the socket; a wrong or
 * replayed proof, an unknown id and an older extension's hello (which carries the token) are all refused.
 */
class HandshakeTest {

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
  void theRightTokenProvesBothSidesAndNoFrameCarriesIt() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port())
        .responder((op, args) -> FakeBrowser.Reply.value(Map.of("echo", op))).connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      assertTrue(browser.bridgeProven());
      JsonNode challenge = browser.awaitFrame("challenge", WAIT);
      assertEquals(Scram.ITERATIONS, challenge.path("iterations").asInt());
      var answer = BridgeFixture.json(fixture.command(s.session().id(), "status", Map.of(), null));
      assertEquals("status", answer.path("value").path("echo").asString(), answer.toString());
      for (JsonNode frame : browser.frames()) {
        assertFalse(frame.toString().contains(s.token()), frame.toString());
      }
    }
  }

  @Test
  void aWrongTokenFailsAtTheProof() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode error = browser.hello(s.session().id(), "not-the-token").awaitFrame("error", WAIT);
      assertEquals("unauthorized", error.path("code").asString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
      assertFalse(browser.bridgeProven());
    }
    assertFalse(fixture.store.get(s.session().id()).orElseThrow().connected());
  }

  @Test
  void anUnknownIdGetsAChallengeLikeAnyOtherAndTheSameSaltEachTime() {
    String first;
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode challenge = browser.hello("sess_doesNotExist0000", "nope").awaitFrame("challenge", WAIT);
      first = challenge.path("salt").asString();
      assertEquals(16, Scram.fromBase64(first).length);
      assertEquals(Scram.ITERATIONS, challenge.path("iterations").asInt());
      assertEquals("unauthorized", browser.awaitFrame("error", WAIT).path("code").asString());
    }
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode challenge = browser.hello("sess_doesNotExist0000", "nope").awaitFrame("challenge", WAIT);
      assertEquals(first, challenge.path("salt").asString());
    }
  }

  @Test
  void aRecordedProofIsRefusedOnAnotherConnection() {
    NewSession s = fixture.newSession();
    String nonce = Scram.newNonce();
    JsonNode proof;
    try (FakeBrowser one = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode c = one.send(rawHello(s.session().id(), nonce)).awaitFrame("challenge", WAIT);
      proof = proofFor(s.session().id(), s.token(), nonce, c);
      one.sendJson(proof).awaitFrame("proven", WAIT);
    }
    try (FakeBrowser replay = FakeBrowser.to(fixture.port()).connect()) {
      JsonNode c = replay.send(rawHello(s.session().id(), nonce)).awaitFrame("challenge", WAIT);
      assertNotEquals(proof.path("nonce").asString(), c.path("nonce").asString(), "the bridge's nonce is fresh");
      replay.sendJson(proof);
      assertEquals("unauthorized", replay.awaitFrame("error", WAIT).path("code").asString());
    }
  }

  @Test
  void anOlderExtensionsHelloWithTheTokenIsRefusedWithWhatToDo() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      browser.send("{\"type\":\"hello\",\"session\":\"" + s.session().id() + "\",\"token\":\"" + s.token() + "\"}");
      JsonNode error = browser.awaitFrame("error", WAIT);
      assertEquals("outdated_extension", error.path("code").asString());
      assertTrue(error.path("message").asString().contains("update"), error.toString());
      assertEquals(1008, browser.awaitClose(WAIT).code());
    }
    assertFalse(fixture.store.get(s.session().id()).orElseThrow().connected());
  }

  @Test
  void identifyBeforeTheProofIsNotAWelcome() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      browser.send(rawHello(s.session().id(), Scram.newNonce())).awaitFrame("challenge", WAIT);
      browser.send("{\"type\":\"identify\",\"client\":{}}");
      assertEquals("bad_frame", browser.awaitFrame("error", WAIT).path("code").asString());
    }
    assertFalse(fixture.store.get(s.session().id()).orElseThrow().connected());
  }

  static String rawHello(String session, String nonce) {
    return "{\"type\":\"hello\",\"handshake\":2,\"session\":\"" + session + "\",\"nonce\":\"" + nonce + "\"}";
  }

  static JsonNode proofFor(String session, String token, String clientNonce, JsonNode challenge) {
    String nonce = challenge.path("nonce").asString();
    String salt = challenge.path("salt").asString();
    int iterations = challenge.path("iterations").asInt();
    String auth = Scram.authMessage(session, clientNonce, nonce, salt, iterations);
    byte[] salted = Scram.saltedPassword(token, Scram.fromBase64(salt), iterations);
    var proof = Json.mapper().createObjectNode();
    proof.put("type", "proof");
    proof.put("nonce", nonce);
    proof.put("proof", Scram.base64(Scram.clientProof(salted, auth)));
    return proof;
  }
}
