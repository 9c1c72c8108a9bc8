package dev.snapmcp.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --http 127.0.0.1:PORT --public-url https://snap.school.example} behind a reverse proxy: the proxy passes
 * the public name in {@code Host}, which then passes the DNS-rebinding check, and every client needs a key (its
 * clients reach it from loopback but may be anywhere). Without the option the same request is refused as rebinding.
 */
class PublicUrlTest {

  private static final String PUBLIC = "https://snap.school.example";

  private static int status(HttpFixture fixture, Map<String, String> headers) throws Exception {
    return HttpFixture.post(InetAddress.getLoopbackAddress(), fixture.server.port(), headers, HttpFixture.INITIALIZE)
        .status();
  }

  /** A state folder holding one key; the fixture started on it owns (and deletes) it. */
  private static TempStateDir withKey(String[] bearer) throws Exception {
    TempStateDir state = TempStateDir.create();
    bearer[0] = "Bearer " + new HttpKeys(state.path(), Clock.systemUTC()).create("proxy").key();
    return state;
  }

  @Test
  void theProxysNameNeedsTheOptionAndAKey() throws Exception {
    String[] key = new String[1];
    try (HttpFixture plain = HttpFixture.start(withKey(key), "127.0.0.1")) {
      assertEquals(403, status(plain, Map.of("Host", "snap.school.example", "Authorization", key[0])),
          "without --public-url the proxy's name is a foreign host");
    }
    try (HttpFixture proxied = HttpFixture.start(withKey(key),
        new HttpAddress("127.0.0.1", 0).withPublicUrl(PUBLIC))) {
      String bearer = key[0];
      assertEquals(200, status(proxied, Map.of("Host", "snap.school.example", "Authorization", bearer)));
      assertEquals(200, status(proxied, Map.of("Host", "SNAP.school.example:443", "Authorization", bearer)));
      assertEquals(200, status(proxied, Map.of("Host", "snap.school.example", "Authorization", bearer,
          "Origin", PUBLIC)));
      assertEquals(401, status(proxied, Map.of("Host", "snap.school.example")), "behind a proxy a key is required");
      assertEquals(401, status(proxied, Map.of("Host", "127.0.0.1:" + proxied.server.port())),
          "also on loopback: the proxy's clients arrive from there");
      assertEquals(403, status(proxied, Map.of("Host", "snap.school.example:8443", "Authorization", bearer)));
      assertEquals(403, status(proxied, Map.of("Host", "evil.example", "Authorization", bearer)));
      assertEquals(403, status(proxied, Map.of("Host", "snap.school.example", "Authorization", bearer,
          "Origin", "http://snap.school.example")), "the public origin is https");
    }
  }

  @Test
  void withoutAKeyItDoesNotStart() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> HttpFixture.start(state, new HttpAddress("127.0.0.1", 0).withPublicUrl(PUBLIC)));
      assertTrue(refused.getMessage().contains(PUBLIC) && refused.getMessage().contains("key new"),
          refused.getMessage());
    }
  }

  @Test
  void aPublicUrlIsSchemeNameAndPortOnly() {
    HttpAddress local = new HttpAddress("127.0.0.1", 8080);
    assertEquals("https://snap.school.example:8443", local.withPublicUrl("https://Snap.School.Example:8443/")
        .publicUrl().toString());
    for (String bad : new String[] {"snap.school.example", "ftp://x.example", "https://x.example/mcp",
        "https://user@x.example", "https://x.example?a=1", ""}) {
      assertThrows(IllegalArgumentException.class, () -> local.withPublicUrl(bad), bad);
    }
  }
}
