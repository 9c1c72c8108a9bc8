package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.core.Json;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Origin, Host and connection policy on an {@link EmbeddedChannel} (whose peer is not even an IP address). */
class RequestPolicyHandlerTest {

  private static RequestPolicyHandler policy(ConnectionsPerAddress connections) {
    return new RequestPolicyHandler(new OriginPolicy(Protocol.DEFAULT_ORIGINS), () -> 7627, "secret", connections,
        1024);
  }

  private static RequestPolicyHandler policy() {
    return policy(new ConnectionsPerAddress(256));
  }

  @Test
  void aWebSocketNeedsAnAllowedOrigin() {
    assertRefused(request("/ws", null, "127.0.0.1:7627"), "needs an Origin");
    assertRefused(request("/ws", "https://evil.example", "127.0.0.1:7627"), "not allowed");
    assertRefused(request("/ws", "https://snap.berkeley.edu.evil.example", "127.0.0.1:7627"), "not allowed");
    assertPassed(request("/ws", "https://snap.berkeley.edu", "127.0.0.1:7627"));
    assertPassed(request("/ws?x=1", "http://localhost:5173", "127.0.0.1:7627"));
  }

  @Test
  void theControlApiRefusesAnyOrigin() {
    assertRefused(request("/api/v1/health", "https://snap.berkeley.edu", "127.0.0.1:7627"), "Origin");
  }

  @Test
  void theControlApiServesOnlyLoopbackPeers() {
    // EmbeddedChannel's peer is no IP address, let alone a loopback one.
    assertRefused(request("/api/v1/health", null, "127.0.0.1:7627"), "this machine only");
  }

  @Test
  void aWebSocketUpgradeCarriesNoBody() {
    FullHttpRequest withBody = request("/ws", "https://snap.berkeley.edu", "127.0.0.1:7627");
    withBody.headers().set("Content-Length", "10");
    assertRefused(withBody, 400, "bad_request", "no body");
  }

  @Test
  void connectionsOverTheLimitAreRefusedAndAnUpgradeStopsCounting() {
    ConnectionsPerAddress connections = new ConnectionsPerAddress(1);
    EmbeddedChannel first = new EmbeddedChannel(policy(connections));
    EmbeddedChannel second = new EmbeddedChannel(policy(connections));
    assertRefused(second, request("/ws", "https://snap.berkeley.edu", "127.0.0.1:7627"), 429, "too_many_connections",
        "HTTP connections");
    FullHttpRequest upgrade = request("/ws", "https://snap.berkeley.edu", "127.0.0.1:7627");
    first.writeInbound(upgrade);
    assertSame(upgrade, first.readInbound());
    upgrade.release();
    assertTrue(connections.tryAcquire(first.remoteAddress().toString()), "a WebSocket no longer counts as HTTP");
  }

  @Test
  void otherPathsPassOnToTheRouter() {
    assertPassed(request("/favicon.ico", "https://evil.example", "evil.example"));
  }

  @Test
  void originPatternsMatchWholeOriginsAndAnyPortWhereAsked() {
    OriginPolicy policy = new OriginPolicy(Protocol.DEFAULT_ORIGINS);
    assertTrue(policy.allows("http://127.0.0.1:1"));
    assertTrue(policy.allows("http://localhost"));
    assertTrue(policy.allows("HTTPS://SNAP.BERKELEY.EDU"));
    assertTrue(policy.allows("chrome-extension://" + Protocol.EXTENSION_ID));
    for (String bad :
        new String[] {null, "", "null", "http://127.0.0.1:80x", "http://127.0.0.1.evil:80", "https://127.0.0.1:8",
            "http://localhost:123456", "https://snap.berkeley.edu:443", "chrome-extension://abc"}) {
      assertEquals(false, policy.allows(bad), bad);
    }
    assertTrue(new OriginPolicy(java.util.List.of("https://example.org:*")).allows("https://example.org:8443"));
  }

  private static FullHttpRequest request(String uri, String origin, String host) {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    if (origin != null) {
      r.headers().set("Origin", origin);
    }
    r.headers().set("Host", host);
    return r;
  }

  private static void assertRefused(FullHttpRequest request, String why) {
    assertRefused(request, 403, "forbidden", why);
  }

  private static void assertRefused(FullHttpRequest request, int status, String code, String why) {
    assertRefused(new EmbeddedChannel(policy()), request, status, code, why);
  }

  private static void assertRefused(EmbeddedChannel ch, FullHttpRequest request, int status, String code, String why) {
    ch.writeInbound(request);
    assertNull(ch.readInbound(), "refused requests go no further");
    FullHttpResponse response = ch.readOutbound();
    assertEquals(status, response.status().code());
    JsonNode body = Json.mapper().readTree(response.content().toString(StandardCharsets.UTF_8));
    assertEquals(code, body.path("error").path("code").asString());
    assertTrue(body.path("error").path("message").asString().contains(why), body.toString());
    assertEquals("close", response.headers().get("Connection"));
    response.release();
    assertEquals(0, request.refCnt(), "the request was released");
    assertFalse(ch.isOpen(), "a refusal closes the connection");
  }

  private static void assertPassed(FullHttpRequest request) {
    EmbeddedChannel ch = new EmbeddedChannel(policy());
    ch.writeInbound(request);
    assertSame(request, ch.readInbound());
    assertNull(ch.readOutbound());
    request.release();
  }
}
