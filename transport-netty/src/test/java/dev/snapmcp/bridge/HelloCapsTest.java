package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 13, availability: a paired browser stored a 6 MiB user agent in {@code sessions.json}, and every later hello
 * (which reads the whole file) slowed from 3 to 15 ms. Every string a browser hands over that is stored or shown is
 * now capped at 512 bytes of UTF-8: the hello's versions, user agent, tab address and title, and the Snap! version,
 * project name and reason a {@code ready} event reports.
 */
class HelloCapsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int CAP = 512;

  private BridgeFixture fixture;

  @BeforeEach
  void start() {
    fixture = BridgeFixture.start(b -> b.maxFrameBytes(8 * 1024 * 1024));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void hugeHelloFieldsAreCappedBeforeTheStoreAndTheSessionView() throws Exception {
    NewSession s = fixture.newSession();
    String id = s.session().id();
    ObjectNode hello = Json.mapper().createObjectNode();
    hello.put("type", "identify"); // what the old hello carried, sent once the bridge has proved itself
    ObjectNode client = hello.putObject("client");
    client.put("extension", "9".repeat(100_000));
    client.put("snap", "\uD83D\uDE00".repeat(50_000)); // 4 bytes each: the cut must not split one
    client.put("userAgent", "Mozilla/5.0 " + "A".repeat(6 * 1024 * 1024));
    ObjectNode tab = hello.putObject("tab");
    tab.put("url", "http://127.0.0.1:8080/snap.html#" + "u".repeat(100_000));
    tab.put("title", "é".repeat(100_000));

    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).connect()) {
      String nonce = dev.snapmcp.core.Scram.newNonce();
      JsonNode challenge = browser.send(HandshakeTest.rawHello(id, nonce)).awaitFrame("challenge", WAIT);
      browser.sendJson(HandshakeTest.proofFor(id, s.token(), nonce, challenge)).awaitFrame("proven", WAIT);
      browser.sendJson(hello).awaitFrame("welcome", WAIT);

      ClientInfo stored = fixture.store.get(id).orElseThrow().client();
      for (String field : List.of(stored.extension(), stored.snap(), stored.userAgent())) {
        assertCapped(field);
      }
      assertTrue(stored.userAgent().startsWith("Mozilla/5.0 AAA"), stored.userAgent());
      long fileBytes = Files.size(fixture.store.file());
      assertTrue(fileBytes < 16 * 1024, "sessions.json holds " + fileBytes + " bytes");

      JsonNode view = sessionView(id);
      for (String field : texts(view.path("client"), view.path("tab"))) {
        assertCapped(field);
      }

      ObjectNode ready = Json.mapper().createObjectNode();
      ready.put("type", "event");
      ready.put("event", "ready");
      ready.put("ready", false);
      ready.put("snap", "s".repeat(12_000)); // under the 16 KiB kept for a whole event, over the cap
      ready.put("project", "p".repeat(1_000));
      ready.put("reason", "r".repeat(1_000));
      browser.sendJson(ready);
      await().atMost(WAIT).until(() -> sessionView(id).path("readyReason").isString());
      JsonNode after = sessionView(id);
      for (String field : List.of("snap", "project", "readyReason")) {
        assertCapped(after.path(field).asString());
      }
      await().atMost(WAIT).until(() -> fixture.store.get(id).orElseThrow().client().snap().startsWith("sss"));
      assertCapped(fixture.store.get(id).orElseThrow().client().snap());
    }
  }

  private JsonNode sessionView(String id) {
    for (JsonNode s : BridgeFixture.json(fixture.get("/api/v1/sessions")).path("sessions")) {
      if (s.path("id").asString().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no session " + id + " in the view");
  }

  private static List<String> texts(JsonNode... objects) {
    List<String> all = new ArrayList<>();
    for (JsonNode o : objects) {
      o.properties().forEach(e -> all.add(e.getValue().asString()));
    }
    assertEquals(5, all.size(), all.toString());
    return all;
  }

  private static void assertCapped(String s) {
    int bytes = s.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= CAP, "a field of " + bytes + " bytes: " + s.substring(0, Math.min(40, s.length())) + "…");
    assertTrue(bytes > CAP - 8, "cut far below the cap: " + bytes + " bytes");
    assertTrue(s.endsWith("…"), "a cut field does not say it was cut");
    assertEquals(s, new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "a character was split");
  }
}
