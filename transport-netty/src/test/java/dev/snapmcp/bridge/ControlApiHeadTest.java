package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, availability: the bridge decides on a request's head (Origin, Host, token, path, size) before it reads
 * or keeps any of the body; a request must arrive whole within the request timeout; HTTP connections are capped per
 * address. Every case is a real socket speaking HTTP by hand, and each answer must come while the body is still
 * unsent.
 */
class ControlApiHeadTest {

  /** Far less than any timeout of the bridge's: an answer this fast was given on the head alone. */
  private static final Duration PROMPTLY = Duration.ofSeconds(3);

  /** The fixture's frame (and control API body) limit. */
  private static final int LIMIT = 64 * 1024;

  private BridgeFixture fixture;
  private final List<RawHttp> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (RawHttp s : sockets) {
      s.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private RawHttp connect() throws IOException {
    RawHttp s = RawHttp.connect(fixture.port());
    sockets.add(s);
    return s;
  }

  private String commands(String... headers) {
    return RawHttp.head("POST /api/v1/sessions/sess_x/commands HTTP/1.1", fixture.port(), headers);
  }

  /** Sends {@code head} alone and wants an answer with {@code status}/{@code code} and the connection closed. */
  private void refusedOnTheHead(String head, int status, String code) throws IOException {
    RawHttp s = connect().write(head);
    RawHttp.Response r = s.awaitResponse(PROMPTLY);
    assertNotNull(r, "no answer to the head alone: the bridge waits for the body");
    assertEquals(status, r.status(), r.body());
    assertEquals(code, r.code(), r.body());
    assertTrue(r.closes(), r.head());
    assertTrue(s.awaitClosed(PROMPTLY), "the connection stays open after the refusal");
  }

  @Test
  void aBodyWithoutTheTokenIsRefusedOnItsHead() throws IOException {
    fixture = BridgeFixture.start();
    refusedOnTheHead(commands("Content-Type: application/json", "Content-Length: " + (LIMIT - 1)),
        401, "unauthorized");
    refusedOnTheHead(commands("Authorization: Bearer wrong", "Content-Length: " + (LIMIT - 1)),
        401, "unauthorized");
    assertEquals(200, fixture.get("/api/v1/health").statusCode());
  }

  @Test
  void aBodyFromAPageOrAForeignHostIsRefusedOnItsHead() throws IOException {
    fixture = BridgeFixture.start();
    String token = "Authorization: Bearer " + fixture.token();
    refusedOnTheHead(commands(token, "Origin: http://127.0.0.1:8080", "Content-Length: " + (LIMIT - 1)),
        403, "forbidden");
    refusedOnTheHead("POST /api/v1/sessions/sess_x/commands HTTP/1.1\r\nHost: evil.example:" + fixture.port()
        + "\r\n" + token + "\r\nContent-Length: " + (LIMIT - 1) + "\r\n\r\n", 403, "forbidden");
  }

  @Test
  void aBodyOnAnotherPathOrOnTheWebSocketPathIsRefusedOnItsHead() throws IOException {
    fixture = BridgeFixture.start();
    refusedOnTheHead(RawHttp.head("POST /upload HTTP/1.1", fixture.port(), "Content-Length: " + (LIMIT - 1)),
        404, "not_found");
    // The WebSocket's Origin is no secret (any local program can send it): a body there is refused too.
    refusedOnTheHead(RawHttp.head("GET /ws HTTP/1.1", fixture.port(), "Origin: " + "https://snap.berkeley.edu",
        "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Content-Length: " + (LIMIT - 1)), 400, "bad_request");
  }

  @Test
  void aBodyOverTheLimitIsRefusedOnItsHeadWithTheApisOwnAnswer() throws IOException {
    fixture = BridgeFixture.start();
    refusedOnTheHead(commands("Authorization: Bearer " + fixture.token(), "Content-Length: " + (LIMIT + 1)),
        413, "too_large");
  }

  @Test
  void aChunkedBodyOverTheLimitIsCutOffWithTheApisOwnAnswer() throws IOException {
    fixture = BridgeFixture.start();
    RawHttp s = connect().write(commands("Authorization: Bearer " + fixture.token(), "Transfer-Encoding: chunked"));
    String chunk = "x".repeat(16 * 1024);
    for (int i = 0; i < 5; i++) { // 80 KiB in all, over the 64 KiB limit, never finished
      s.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
    }
    RawHttp.Response r = s.awaitResponse(PROMPTLY);
    assertNotNull(r, "no answer to a chunked body past the limit");
    assertEquals(413, r.status(), r.body());
    assertEquals("too_large", r.code(), r.body());
    assertTrue(s.awaitClosed(PROMPTLY));
  }

  @Test
  void aMalformedHeadIsABadRequest() throws IOException {
    fixture = BridgeFixture.start();
    refusedOnTheHead(commands("X-Long: " + "y".repeat(20_000)), 400, "bad_request");
  }

  @Test
  void aSlowBodyIsCutOffAtTheRequestTimeout() throws IOException {
    fixture = BridgeFixture.start(b -> b.requestTimeout(Duration.ofMillis(500)));
    RawHttp s = connect().write(commands("Authorization: Bearer " + fixture.token(), "Content-Length: 100"));
    s.write("{\"op\":");
    RawHttp.Response r = s.awaitResponse(PROMPTLY);
    assertNotNull(r, "a request missing most of its body was kept waiting");
    assertEquals(408, r.status(), r.body());
    assertEquals("request_timeout", r.code(), r.body());
    assertTrue(s.awaitClosed(PROMPTLY));
  }

  @Test
  void aHeadThatNeverEndsIsCutOffAtTheRequestTimeout() throws IOException {
    fixture = BridgeFixture.start(b -> b.requestTimeout(Duration.ofMillis(500)));
    RawHttp s = connect().write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.port() + "\r\nX-A: ");
    RawHttp.Response r = s.awaitResponse(PROMPTLY);
    assertNotNull(r, "a request whose head never ends was kept waiting");
    assertEquals(408, r.status(), r.body());
    assertTrue(s.awaitClosed(PROMPTLY));
  }

  @Test
  void aConnectionThatSaysNothingIsClosedAtTheRequestTimeout() throws IOException {
    fixture = BridgeFixture.start(b -> b.requestTimeout(Duration.ofMillis(500)));
    assertTrue(connect().awaitClosed(PROMPTLY), "a silent connection is kept open");
  }

  @Test
  void aKeptAliveConnectionMayRestBetweenRequests() throws IOException {
    fixture = BridgeFixture.start(b -> b.requestTimeout(Duration.ofMillis(300)));
    RawHttp s = connect();
    String health = RawHttp.head("GET /api/v1/health HTTP/1.1", fixture.port(),
        "Authorization: Bearer " + fixture.token());
    assertEquals(200, s.write(health).awaitResponse(PROMPTLY).status());
    assertFalse(s.awaitClosed(Duration.ofMillis(900)), "the request timeout ran between two requests");
    assertEquals(200, s.write(health).awaitResponse(PROMPTLY).status());
  }

  @Test
  void httpConnectionsAreCappedPerAddress() throws IOException {
    fixture = BridgeFixture.start(b -> b.maxConnectionsPerAddress(3));
    String health = RawHttp.head("GET /api/v1/health HTTP/1.1", fixture.port(),
        "Authorization: Bearer " + fixture.token());
    List<RawHttp> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // each answered once, so surely counted, then kept alive
      RawHttp s = connect();
      assertEquals(200, s.write(health).awaitResponse(PROMPTLY).status());
      held.add(s);
    }
    RawHttp fourth = connect().write(health);
    RawHttp.Response r = fourth.awaitResponse(PROMPTLY);
    assertNotNull(r);
    assertEquals(429, r.status(), r.body());
    assertEquals("too_many_connections", r.code(), r.body());
    assertTrue(fourth.awaitClosed(PROMPTLY));

    held.get(0).close();
    await().atMost(PROMPTLY).until(() -> {
      try (RawHttp fresh = RawHttp.connect(fixture.port())) {
        RawHttp.Response again = fresh.write(health).awaitResponse(PROMPTLY);
        return again != null && again.status() == 200;
      }
    });
  }
}
