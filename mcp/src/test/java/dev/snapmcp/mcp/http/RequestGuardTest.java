package dev.snapmcp.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On loopback: every request of either era needs a Host naming this server and, from a browser, a loopback Origin of
 * this port (403 otherwise: DNS rebinding); a key is optional, but one that is given must be valid (401 otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestGuardTest {

  private static final String DISCOVER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{"
      + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

  private HttpFixture fixture;
  private int port;

  @BeforeAll
  void start() throws Exception {
    fixture = HttpFixture.start(TempStateDir.create(), "127.0.0.1");
    port = fixture.server.port();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private int legacy(Map<String, String> headers) throws Exception {
    return HttpFixture.post(InetAddress.getLoopbackAddress(), port, headers, HttpFixture.INITIALIZE).status();
  }

  private int modern(Map<String, String> headers) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Mcp-Method", "server/discover");
    all.put("MCP-Protocol-Version", "2026-07-28");
    return HttpFixture.post(InetAddress.getLoopbackAddress(), port, all, DISCOVER).status();
  }

  private void bothEras(int status, Map<String, String> headers) throws Exception {
    assertEquals(status, legacy(headers), "2025-11-25 with " + headers);
    assertEquals(status, modern(headers), "2026-07-28 with " + headers);
  }

  @Test
  void aHostNamingThisServerPasses() throws Exception {
    bothEras(200, Map.of("Host", "127.0.0.1:" + port));
    bothEras(200, Map.of("Host", "localhost:" + port));
    bothEras(200, Map.of("Host", "LOCALHOST:" + port));
  }

  @Test
  void aForeignHostIsRefusedAsDnsRebinding() throws Exception {
    bothEras(403, Map.of("Host", "evil.example:" + port));
    bothEras(403, Map.of("Host", "evil.example"));
    bothEras(403, Map.of("Host", "127.0.0.1:" + (port == 65_535 ? 1 : port + 1)));
    bothEras(403, Map.of("Host", "127.0.0.1"));
    bothEras(403, Map.of("Host", "localhost.evil.example:" + port));
  }

  @Test
  void aBrowserOriginMustBeLoopbackOfThisPort() throws Exception {
    String host = "127.0.0.1:" + port;
    bothEras(200, Map.of("Host", host, "Origin", "http://localhost:" + port));
    bothEras(200, Map.of("Host", host, "Origin", "http://127.0.0.1:" + port));
    bothEras(403, Map.of("Host", host, "Origin", "http://evil.example"));
    bothEras(403, Map.of("Host", host, "Origin", "http://evil.example:" + port));
    bothEras(403, Map.of("Host", host, "Origin", "http://localhost:" + (port == 65_535 ? 1 : port + 1)));
    bothEras(403, Map.of("Host", host, "Origin", "null"));
    bothEras(403, Map.of("Host", host, "Origin", "chrome-extension://aeoedggcnbmeidcapnlkgploidmjkogg"));
  }

  @Test
  void onLoopbackAKeyIsOptionalButAGivenOneMustBeValid() throws Exception {
    String host = "127.0.0.1:" + port;
    bothEras(200, Map.of("Host", host));
    HttpFixture.Response refused = HttpFixture.post(InetAddress.getLoopbackAddress(), port,
        Map.of("Host", host, "Authorization", "Bearer snapmcp_" + "x".repeat(43)), HttpFixture.INITIALIZE);
    assertEquals(401, refused.status());
    assertTrue(refused.text().contains("WWW-Authenticate: Bearer"), refused.text());
    bothEras(401, Map.of("Host", host, "Authorization", "Basic dXNlcjpwYXNz"));

    HttpKeys keys = new HttpKeys(fixture.state.path(), Clock.systemUTC());
    HttpKeys.NewKey made = keys.create("test");
    bothEras(200, Map.of("Host", host, "Authorization", "Bearer " + made.key()));
    keys.revoke(made.info().id());
    bothEras(401, Map.of("Host", host, "Authorization", "Bearer " + made.key()));
  }

  @Test
  void aRefusalIsAJsonRpcErrorThatNamesNoKey() throws Exception {
    HttpFixture.Response refused = HttpFixture.post(InetAddress.getLoopbackAddress(), port,
        Map.of("Host", "evil.example:" + port), HttpFixture.INITIALIZE);
    assertEquals(403, refused.status());
    assertTrue(refused.text().contains("\"error\":{\"code\":-32000"), refused.text());
  }
}
