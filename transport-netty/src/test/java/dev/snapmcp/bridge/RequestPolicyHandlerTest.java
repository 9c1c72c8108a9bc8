package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Origin and Host policy on an {@link EmbeddedChannel} (whose peer is not even an IP address). */
class RequestPolicyHandlerTest {

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
    EmbeddedChannel ch = new EmbeddedChannel(new RequestPolicyHandler(new OriginPolicy(Protocol.DEFAULT_ORIGINS), () -> 7627));
    ch.writeInbound(request);
    assertNull(ch.readInbound(), "refused requests go no further");
    FullHttpResponse response = ch.readOutbound();
    assertEquals(403, response.status().code());
    JsonNode body = Json.mapper().readTree(response.content().toString(StandardCharsets.UTF_8));
    assertEquals("forbidden", body.path("error").path("code").asString());
    assertTrue(body.path("error").path("message").asString().contains(why), body.toString());
    response.release();
    assertEquals(0, request.refCnt(), "the request was released");
  }

  private static void assertPassed(FullHttpRequest request) {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestPolicyHandler(new OriginPolicy(Protocol.DEFAULT_ORIGINS), () -> 7627));
    ch.writeInbound(request);
    assertSame(request, ch.readInbound());
    assertNull(ch.readOutbound());
    request.release();
  }
}
