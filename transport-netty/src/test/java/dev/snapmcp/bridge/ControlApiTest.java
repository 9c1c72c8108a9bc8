package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The control API over real HTTP: who may ask, and every answer a command can get. */
class ControlApiTest {

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
  void healthNeedsTheToken() {
    HttpResponse<String> ok = fixture.get("/api/v1/health");
    assertEquals(200, ok.statusCode());
    JsonNode health = BridgeFixture.json(ok);
    assertTrue(health.path("ok").asBoolean());
    assertEquals(fixture.port(), health.path("port").asInt());
    assertEquals(ProcessHandle.current().pid(), health.path("pid").asLong());
    assertEquals(0, health.path("connections").asInt());
  }

  @Test
  void withoutTokenIsUnauthorized() {
    HttpResponse<String> r =
        BridgeFixture.send(HttpRequest.newBuilder(uri("/api/v1/health")).GET().build());
    assertEquals(401, r.statusCode());
    assertEquals("unauthorized", BridgeFixture.json(r).path("error").path("code").asString());
    assertGoodRequestStillWorks();
  }

  @Test
  void wrongTokenIsUnauthorized() {
    for (String header : List.of("Bearer wrong", "Bearer " + fixture.token() + "x", fixture.token(), "Basic abc")) {
      HttpResponse<String> r =
          BridgeFixture.send(
              HttpRequest.newBuilder(uri("/api/v1/sessions")).header("Authorization", header).GET().build());
      assertEquals(401, r.statusCode(), header);
    }
    assertGoodRequestStillWorks();
  }

  @Test
  void anyOriginHeaderIsForbiddenEvenWithTheToken() {
    for (String origin : List.of("https://snap.berkeley.edu", "http://127.0.0.1:" + fixture.port(), "null")) {
      HttpResponse<String> r = BridgeFixture.send(fixture.api("/api/v1/health").header("Origin", origin).GET().build());
      assertEquals(403, r.statusCode(), origin);
      assertEquals("forbidden", BridgeFixture.json(r).path("error").path("code").asString());
    }
    assertGoodRequestStillWorks();
  }

  @Test
  void aForeignHostIsForbiddenEvenWithTheToken() throws IOException {
    // A DNS-rebinding page would reach us under its own host name; the JDK client will not send a foreign Host, so
    // this speaks HTTP/1.1 on a raw socket.
    for (String host : List.of("evil.example:" + fixture.port(), "127.0.0.1:1", "localhost", "127.0.0.1")) {
      assertEquals(403, rawStatus(host, fixture.token()), host);
    }
    assertEquals(200, rawStatus("localhost:" + fixture.port(), fixture.token()));
    assertEquals(200, rawStatus("127.0.0.1:" + fixture.port(), fixture.token()));
    assertGoodRequestStillWorks();
  }

  @Test
  void unknownPathsAre404() {
    assertEquals(404, fixture.get("/api/v1/nothing").statusCode());
    assertEquals(404, BridgeFixture.send(HttpRequest.newBuilder(uri("/")).GET().build()).statusCode());
  }

  @Test
  void aCommandGetsTheBrowsersValue() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser =
        FakeBrowser.to(fixture.port())
            .responder((op, args) -> FakeBrowser.Reply.value(Map.of("op", op, "args", args)))
            .connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      HttpResponse<String> r = fixture.command(s.session().id(), "add_script", Map.of("code", "(forward 10)"), 2000L);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode body = BridgeFixture.json(r);
      assertTrue(body.path("ok").asBoolean());
      assertEquals("add_script", body.path("value").path("op").asString());
      assertEquals("(forward 10)", body.path("value").path("args").path("code").asString());
      JsonNode command = browser.awaitFrame("command", WAIT);
      assertTrue(command.path("id").asString().startsWith("c_"), "the bridge made an id: " + command);
      assertTrue(command.path("meta").path("at").isString(), "when the bridge received it: " + command);
    }
  }

  @Test
  void aBrowserErrorIsPassedThroughAs502() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser =
        FakeBrowser.to(fixture.port())
            .responder((op, args) -> FakeBrowser.Reply.error("unknown_sprite", "no sprite Bob"))
            .connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      HttpResponse<String> r = fixture.command(s.session().id(), "get_variables", Map.of("sprite", "Bob"), null);
      assertEquals(502, r.statusCode());
      JsonNode error = BridgeFixture.json(r).path("error");
      assertEquals("browser_error", error.path("code").asString());
      assertEquals("unknown_sprite", error.path("browser").path("code").asString());
      assertEquals("no sprite Bob", error.path("browser").path("message").asString());
    }
  }

  @Test
  void anUnansweredCommandTimesOutAndItsLateResultIsDropped() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser =
        FakeBrowser.to(fixture.port()).responder((op, args) -> FakeBrowser.Reply.none()).connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      HttpResponse<String> r = fixture.command(s.session().id(), "run", Map.of(), 200L);
      assertEquals(504, r.statusCode());
      assertEquals("timeout", BridgeFixture.json(r).path("error").path("code").asString());
      String id = browser.awaitFrame("command", WAIT).path("id").asString();
      // The late answer, and one for an id never sent, are dropped; the connection stays.
      browser.send("{\"type\":\"result\",\"id\":\"" + id + "\",\"ok\":true,\"value\":{}}");
      browser.send("{\"type\":\"result\",\"id\":\"c_999\",\"ok\":true,\"value\":{}}");
      browser.send("{\"type\":\"ping\"}").awaitFrame("pong", WAIT);
      assertFalse(browser.isClosed());
      assertTrue(browser.frames().stream().noneMatch(f -> "error".equals(f.path("type").asString())));
    }
  }

  @Test
  void unknownSessionIs404AndNeverConnectedIs409NotPaired() {
    HttpResponse<String> unknown = fixture.command("sess_nobodyHere000000", "status", Map.of(), null);
    assertEquals(404, unknown.statusCode());
    assertEquals("unknown_session", BridgeFixture.json(unknown).path("error").path("code").asString());
    NewSession s = fixture.newSession();
    HttpResponse<String> notPaired = fixture.command(s.session().id(), "status", Map.of(), null);
    assertEquals(409, notPaired.statusCode());
    JsonNode error = BridgeFixture.json(notPaired).path("error");
    assertEquals("not_paired", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("pairing code"), error.toString());
  }

  @Test
  void badRequestsAre400() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      String path = "/api/v1/sessions/" + s.session().id() + "/commands";
      for (String body :
          List.of("{not json", "{}", "{\"op\":\"\"}", "{\"op\":\"status\",\"args\":[1]}",
              "{\"op\":\"status\",\"timeoutMs\":0}", "{\"op\":\"status\",\"timeoutMs\":999999999}",
              "{\"op\":\"status\",\"timeoutMs\":\"soon\"}")) {
        HttpResponse<String> r =
            BridgeFixture.send(fixture.api(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(400, r.statusCode(), body + " -> " + r.body());
        assertEquals("bad_request", BridgeFixture.json(r).path("error").path("code").asString());
      }
      assertTrue(browser.frames().stream().noneMatch(f -> "command".equals(f.path("type").asString())));
    }
  }

  @Test
  void moreCommandsThanTheLimitAreBusyAndAClosingTabFailsThemAtOnce() throws Exception {
    try (BridgeFixture small = BridgeFixture.start(b -> b.maxPendingCommands(2))) {
      NewSession s = small.newSession();
      try (FakeBrowser browser =
          FakeBrowser.to(small.port()).responder((op, args) -> FakeBrowser.Reply.none()).connect()) {
        browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
        CompletableFuture<HttpResponse<String>> running =
            CompletableFuture.supplyAsync(() -> small.command(s.session().id(), "run", Map.of(), 20_000L));
        await().atMost(WAIT).until(() -> commands(browser) == 1);
        CompletableFuture<HttpResponse<String>> queued =
            CompletableFuture.supplyAsync(() -> small.command(s.session().id(), "get_project", Map.of(), 20_000L));
        await().atMost(WAIT).until(() -> small.queued(s.session().id()) == 2);
        HttpResponse<String> busy = small.command(s.session().id(), "status", Map.of(), null);
        assertEquals(429, busy.statusCode());
        assertEquals("busy", BridgeFixture.json(busy).path("error").path("code").asString());
        assertEquals(1, commands(browser), "one at a time: the queued one was not sent");
        // The page says it is going away for good: what waits fails now, as tab_closed, rather than at its timeout.
        browser.closing();
        for (var f : List.of(running, queued)) {
          HttpResponse<String> r = f.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
          assertEquals(409, r.statusCode());
          assertEquals("tab_closed", BridgeFixture.json(r).path("error").path("code").asString());
        }
        assertEquals(1000, browser.awaitClose(WAIT).code(), "the bridge ends the connection of a closing tab");
      }
    }
  }

  private static long commands(FakeBrowser browser) {
    return browser.frames().stream().filter(f -> "command".equals(f.path("type").asString())).count();
  }

  @Test
  void aReadyEventCompletesTheSnapVersionTheHelloDidNotKnow() {
    NewSession s = fixture.newSession();
    String id = s.session().id();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), id, s.token())) {
      assertEquals("fake-snap-10", fixture.store.get(id).orElseThrow().client().snap());
      browser.send("{\"type\":\"event\",\"event\":\"ready\",\"ready\":true,\"snap\":\"12-beta\"}");
      await().atMost(WAIT).until(() -> "12-beta".equals(fixture.store.get(id).orElseThrow().client().snap()));
      var stored = fixture.store.get(id).orElseThrow();
      assertTrue(stored.connected());
      assertEquals("0.1.0", stored.client().extension(), "the rest of what connected is kept");
      assertEquals("FakeBrowser", stored.client().userAgent());
    }
  }

  @Test
  void sessionsShowTheLiveView() {
    NewSession s = fixture.newSession();
    NewSession idle = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      browser.send("{\"type\":\"event\",\"event\":\"ready\",\"ready\":true,\"snap\":\"12-beta\",\"project\":\"Untitled\"}");
      browser.send("{\"type\":\"event\",\"event\":\"project\",\"project\":\"Bouncing ball\"}");
      for (int i = 0; i < 25; i++) {
        browser.send("{\"type\":\"event\",\"event\":\"error\",\"message\":\"oops " + i + "\"}");
      }
      browser.send("{\"type\":\"event\",\"event\":\"error\",\"message\":\"" + "x".repeat(40_000) + "\"}");
      await().atMost(WAIT).untilAsserted(() -> {
        JsonNode view = session(s.session().id());
        assertTrue(view.path("events").get(19).path("truncated").asBoolean(), view.toString());
      });
      JsonNode view = session(s.session().id());
      assertTrue(view.path("connected").asBoolean());
      assertTrue(view.path("ready").asBoolean());
      assertEquals("12-beta", view.path("snap").asString());
      assertEquals("Bouncing ball", view.path("project").asString());
      assertEquals(SessionRegistry.EVENT_LIMIT, view.path("events").size());
      assertEquals("oops 24", view.path("events").get(18).path("message").asString());
      assertEquals("error", view.path("events").get(19).path("event").asString());
      assertTrue(BridgeFixture.json(fixture.get("/api/v1/sessions")).toString().length() < 20_000,
          "a huge event is not kept whole");
      assertEquals("FakeBrowser", view.path("client").path("userAgent").asString());
      assertEquals("Snap! Build Your Own Blocks", view.path("tab").path("title").asString());
      assertTrue(view.path("connection").asString().startsWith("conn_"));
      JsonNode other = session(idle.session().id());
      assertFalse(other.path("connected").asBoolean());
      assertFalse(other.path("ready").asBoolean());
      assertEquals(1, BridgeFixture.json(fixture.get("/api/v1/health")).path("connections").asInt());
    }
  }

  private JsonNode session(String id) {
    JsonNode all = BridgeFixture.json(fixture.get("/api/v1/sessions")).path("sessions");
    for (JsonNode s : all) {
      if (id.equals(s.path("id").asString())) {
        return s;
      }
    }
    throw new AssertionError("no session " + id + " in " + all);
  }

  private int rawStatus(String host, String token) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", fixture.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/v1/health HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + fixture.port() + path);
  }

  private void assertGoodRequestStillWorks() {
    assertEquals(200, fixture.get("/api/v1/health").statusCode());
  }
}
