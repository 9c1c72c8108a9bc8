package dev.snapmcp.bridge.tab;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.Scram;
import java.security.MessageDigest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link FakeBrowser}'s side of the SCRAM-SHA-256 handshake (docs/protocol.md, "Handshake"), as the extension's
 * worker does it: hello with a fresh nonce, the proof for the bridge's challenge, and the client and tab only once the
 * bridge's signature checks out. A bridge that cannot prove itself gets nothing more, and no command is run. When
 * the bridge says the code was exchanged ({@code proven} with {@code rekey}), the derived secret goes into the
 * browser's {@link Keyring}, which later hellos with the same code prove instead.
 */
final class FakeHandshake {

  /** Where the handshake stands. */
  enum State { HELLO_SENT, PROOF_SENT, PROVEN, IMPOSTOR }

  private final String session;
  /** What the caller paired with (the code); the keyring is keyed by it. */
  private final String code;
  private final Keyring keyring;
  private final String token;
  private final String clientNonce = Scram.newNonce();
  private volatile State state = State.HELLO_SENT;
  private String authMessage;
  private byte[] salted;

  FakeHandshake(String session, String code, Keyring keyring) {
    this.session = session;
    this.code = code;
    this.keyring = keyring;
    this.token = keyring.tokenFor(session, code);
  }

  State state() {
    return state;
  }

  ObjectNode hello() {
    ObjectNode hello = Json.mapper().createObjectNode();
    hello.put("type", "hello");
    hello.put("handshake", 2);
    hello.put("session", session);
    hello.put("nonce", clientNonce);
    return hello;
  }

  /** The answer to a challenge: the proof, or null (a nonce that does not extend ours is an impostor's). */
  ObjectNode proof(JsonNode challenge) {
    String nonce = challenge.path("nonce").asString("");
    String salt = challenge.path("salt").asString("");
    int iterations = challenge.path("iterations").asInt(0);
    byte[] saltBytes = Scram.fromBase64(salt);
    if (state != State.HELLO_SENT || !nonce.startsWith(clientNonce) || nonce.length() <= clientNonce.length()
        || saltBytes == null || iterations < 1 || iterations > 1_000_000) {
      state = State.IMPOSTOR;
      return null;
    }
    authMessage = Scram.authMessage(session, clientNonce, nonce, salt, iterations);
    salted = Scram.saltedPassword(token, saltBytes, iterations);
    state = State.PROOF_SENT;
    ObjectNode proof = Json.mapper().createObjectNode();
    proof.put("type", "proof");
    proof.put("nonce", nonce);
    proof.put("proof", Scram.base64(Scram.clientProof(salted, authMessage)));
    return proof;
  }

  /** Checks the bridge's signature; true when the bridge proved it holds the session's verifier. */
  boolean proven(JsonNode proven) {
    byte[] signature = Scram.fromBase64(proven.path("serverSignature").asString(""));
    byte[] serverKey = salted == null ? null : Scram.hmac(salted, "Server Key");
    boolean ok = state == State.PROOF_SENT && signature != null
        && MessageDigest.isEqual(signature, Scram.serverSignature(serverKey, authMessage));
    if (ok && proven.path("rekey").asBoolean(false)) {
      keyring.remember(session, code, Scram.rekeySecret(serverKey, authMessage)); // before identify, as the extension
    }
    state = ok ? State.PROVEN : State.IMPOSTOR;
    return ok;
  }

  /** Anything but a challenge, a proven or an error before the bridge proved itself makes it an impostor. */
  void unexpected() {
    if (state != State.PROVEN) {
      state = State.IMPOSTOR;
    }
  }

  /** The step for an incoming frame; false when the frame must go no further (the bridge is not proven). */
  boolean step(FakeBrowser browser, JsonNode frame) {
    FakeHandshake h = this;
    String type = frame.path("type").asString("");
    switch (type) {
      case "challenge" -> {
        ObjectNode proof = h.proof(frame);
        if (proof != null) {
          browser.sendJson(proof);
        } else {
          browser.abort();
        }
        return false;
      }
      case "proven" -> {
        if (h.proven(frame)) {
          browser.sendJson(identify());
        } else {
          browser.abort();
        }
        return false;
      }
      case "error" -> {
        return true;
      }
      default -> {
        h.unexpected();
        if (h.state() != FakeHandshake.State.PROVEN) {
          browser.abort();
          return false;
        }
        return true;
      }
    }
  }

  private static ObjectNode identify() {
    ObjectNode identify = Json.mapper().createObjectNode();
    identify.put("type", "identify");
    ObjectNode client = identify.putObject("client");
    client.put("extension", dev.snapmcp.core.Version.CURRENT);
    client.put("snap", "fake-snap-10");
    client.put("userAgent", "FakeBrowser");
    ObjectNode tab = identify.putObject("tab");
    tab.put("url", "https://snap.berkeley.edu/snap/snap.html");
    tab.put("title", "Snap! Build Your Own Blocks");
    return identify;
  }

}
