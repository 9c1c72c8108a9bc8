package dev.snapmcp.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bound beyond loopback (to this machine's own non-loopback address): no start without a key made, and every request
 * needs one (401 without, or with a revoked one); the SDK's own HTTP client works with one.
 */
class BeyondLoopbackTest {

  /** An IPv4 address of an interface that is up and not loopback, if this machine has one. */
  static Optional<InetAddress> outwardAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void withoutAnyKeyTheServerDoesNotStart() throws Exception {
    InetAddress outward = outwardAddress().orElse(null);
    assumeTrue(outward != null, "this machine has no non-loopback IPv4 address");
    try (TempStateDir state = TempStateDir.create()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> HttpFixture.start(state, outward.getHostAddress()).close());
      assertTrue(e.getMessage().contains("snap-mcp key new"), e.getMessage());
    }
  }

  @Test
  void everyRequestNeedsAValidKey() throws Exception {
    InetAddress outward = outwardAddress().orElse(null);
    assumeTrue(outward != null, "this machine has no non-loopback IPv4 address");
    TempStateDir state = TempStateDir.create();
    HttpKeys keys = new HttpKeys(state.path(), Clock.systemUTC());
    HttpKeys.NewKey made = keys.create("remote");
    try (HttpFixture fixture = HttpFixture.start(state, outward.getHostAddress())) {
      int port = fixture.server.port();
      String host = outward.getHostAddress() + ":" + port;

      HttpFixture.Response none = HttpFixture.post(outward, port, Map.of("Host", host), HttpFixture.INITIALIZE);
      assertEquals(401, none.status(), none.text());
      assertTrue(none.text().contains("WWW-Authenticate: Bearer"), none.text());
      assertEquals(401, HttpFixture.post(outward, port, Map.of("Host", host, "Authorization", "Bearer wrong"),
          HttpFixture.INITIALIZE).status());
      assertEquals(200, HttpFixture.post(outward, port,
          Map.of("Host", host, "Authorization", "Bearer " + made.key()), HttpFixture.INITIALIZE).status());
      assertEquals(403, HttpFixture.post(outward, port,
          Map.of("Host", "evil.example:" + port, "Authorization", "Bearer " + made.key()),
          HttpFixture.INITIALIZE).status(), "the key does not lift the Host check");

      McpSyncClient client = modernClient(fixture.server.url(), made.key()); // stateless: nothing to close
      assertEquals(18, client.listTools().list().tools().size());

      keys.revoke(made.info().id());
      assertEquals(401, HttpFixture.post(outward, port,
          Map.of("Host", host, "Authorization", "Bearer " + made.key()), HttpFixture.INITIALIZE).status());
    }
  }

  @Test
  void withASharedStoreEveryNodesServerAcceptsTheSameKeys() throws Exception {
    InetAddress outward = outwardAddress().orElse(null);
    assumeTrue(outward != null, "this machine has no non-loopback IPv4 address");
    byte[] suffix = new byte[6];
    new java.security.SecureRandom().nextBytes(suffix);
    String url = dev.snapmcp.testkit.PostgresServer.shared().url("httpkeys_" + java.util.HexFormat.of().formatHex(suffix));
    try (TempStateDir one = TempStateDir.create(); TempStateDir two = TempStateDir.create();
        HttpKeys keys = HttpKeys.open(one.path(), url, Clock.systemUTC())) {
      HttpKeys.NewKey made = keys.create("assistant");
      try (SnapMcpHttpServer a = SnapMcpHttpServer.start(new HttpAddress(outward.getHostAddress(), 0), one.path(), url,
              HttpFixture.freePort(), HttpFixture.BRIDGE, one.path().resolve("projects"));
          SnapMcpHttpServer b = SnapMcpHttpServer.start(new HttpAddress(outward.getHostAddress(), 0), two.path(), url,
              HttpFixture.freePort(), HttpFixture.BRIDGE, two.path().resolve("projects"))) {
        for (SnapMcpHttpServer node : java.util.List.of(a, b)) {
          String host = outward.getHostAddress() + ":" + node.port();
          assertEquals(200, HttpFixture.post(outward, node.port(),
              Map.of("Host", host, "Authorization", "Bearer " + made.key()), HttpFixture.INITIALIZE).status());
        }
        keys.revoke(made.info().id());
        for (SnapMcpHttpServer node : java.util.List.of(a, b)) {
          String host = outward.getHostAddress() + ":" + node.port();
          assertEquals(401, HttpFixture.post(outward, node.port(),
              Map.of("Host", host, "Authorization", "Bearer " + made.key()), HttpFixture.INITIALIZE).status(),
              "revoked on every node at once");
        }
      }
    }
  }

  static McpSyncClient modernClient(String url, String key) {
    HttpClientMcpTransport.Builder transport = HttpClientMcpTransport.builder(url)
        .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()));
    if (key != null) {
      transport.requestCustomizer(McpHttpRequestCustomizer.fromSync(
          (request, headers, context) -> headers.set("Authorization", "Bearer " + key)));
    }
    return McpClient.sync(transport.build())
        .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
        .clientInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder("snap-mcp-test", "1").build())
        .roundTimeout(Duration.ofSeconds(60))
        .build();
  }
}
