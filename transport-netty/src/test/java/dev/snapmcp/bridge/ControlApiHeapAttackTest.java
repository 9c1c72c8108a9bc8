package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, availability: the security review's heap attack. Before the fix the bridge buffered up to 8 MiB of every
 * request's body before it looked at the token, so about 13 partial bodies without a token filled a 128 MiB heap and
 * the real client's next request got no answer. Here a bridge runs in a child JVM with a 64 MiB heap; 24 connections
 * without a token each announce an 8,000,000-byte body and send 7,500,000 bytes of it (180 MB in all, never finished);
 * then the real client asks for health.
 */
class ControlApiHeapAttackTest {

  private static final int ATTACKERS = 24;
  private static final long ANNOUNCED = 8_000_000;
  private static final long SENT = 7_500_000;

  @Test
  void partialBodiesWithoutATokenNeitherFillTheHeapNorLockOutTheRealClient() throws Exception {
    try (TempStateDir state = TempStateDir.create();
        ChildJvm bridge = ChildJvm.builder(ChildBridgeMain.class).name("small-bridge")
            .jvmArgs("-Xmx64m", "-XX:MaxDirectMemorySize=64m").args(state.path().toString()).start()) {
      int port = Integer.parseInt(bridge.awaitLine(l -> l.startsWith("port "), Duration.ofSeconds(30)).substring(5));
      String token = Files.readString(StateFiles.bridgeToken(state.path())).strip();

      List<RawHttp> attackers = new ArrayList<>();
      ExecutorService writers = Executors.newFixedThreadPool(ATTACKERS);
      try {
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
          RawHttp a = RawHttp.connect(port);
          attackers.add(a);
          a.write(RawHttp.head("POST /api/v1/sessions/sess_x/commands HTTP/1.1", port,
              "Content-Type: application/json", "Content-Length: " + ANNOUNCED));
          sent.add(CompletableFuture.supplyAsync(() -> a.writeFiller(SENT), writers));
        }
        // Whether the bridge read every byte (the old way) or refused each on its head, the writes end: give them time.
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, java.util.concurrent.TimeUnit.SECONDS);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());

        for (RawHttp a : attackers) {
          assertTrue(a.awaitClosed(Duration.ofSeconds(5)), "an attacker's partial body is still being held");
        }
        assertTrue(bridge.isAlive(), bridge.stderr());
        assertTrue(bridge.stderrLines().stream().noneMatch(l -> l.contains("OutOfMemoryError")), bridge.stderr());
      } finally {
        writers.shutdownNow();
        for (RawHttp a : attackers) {
          closeQuietly(a);
        }
      }
    }
  }

  private static void closeQuietly(RawHttp a) {
    try {
      a.close();
    } catch (IOException ignored) {
      // the bridge may have reset it
    }
  }
}
