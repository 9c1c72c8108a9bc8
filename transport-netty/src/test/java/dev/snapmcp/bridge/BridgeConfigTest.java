package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The documented defaults, and refusals of values that could never work. */
class BridgeConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      BridgeConfig c = BridgeConfig.builder(store).build();
      assertEquals("127.0.0.1", c.host());
      assertEquals(7627, c.port());
      assertEquals(8 * 1024 * 1024, c.maxFrameBytes());
      assertEquals(16, c.maxPendingCommands());
      assertEquals(Duration.ofSeconds(5), c.helloTimeout());
      assertEquals(Duration.ofSeconds(15), c.pingInterval());
      assertEquals(Duration.ofSeconds(45), c.idleTimeout());
      assertEquals(Duration.ofSeconds(30), c.commandTimeout());
      assertEquals(Duration.ofMinutes(5), c.maxCommandTimeout());
      assertEquals(256, c.maxConnectionsPerAddress());
      assertEquals(Duration.ofSeconds(10), c.requestTimeout());
      assertEquals(Protocol.DEFAULT_ORIGINS, c.originPatterns());
    }
  }

  @Test
  void extraOriginsMustBeOrigins() {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      BridgeConfig.Builder b = BridgeConfig.builder(store);
      b.allowOrigin("https://snap.example.org").allowOrigin("http://192.168.1.5:*").allowOrigin("http://host:8080");
      assertEquals(7, b.build().originPatterns().size());
      for (String bad : new String[] {"snap.example.org", "https://snap.example.org/", "https://x:y", "*", ""}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.allowOrigin(bad), bad);
        assertTrue(e.getMessage().contains("not an origin"), e.getMessage());
      }
      assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder(store).port(70000).build());
      assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder(store).idleTimeout(Duration.ZERO).build());
    }
  }
}
