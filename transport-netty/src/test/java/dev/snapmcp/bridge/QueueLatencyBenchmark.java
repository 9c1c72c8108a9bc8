package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a command's trip through the bridge costs: control API to a fake tab on a real socket and back, one client
 * alone, then two clients at once on one tab. Not part of the build (the name does not end in Test); run it with
 * {@code mvn -o -pl transport-netty -am verify -Dtest=QueueLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * It uses nothing but the control API, so it measures any version of the bridge the same way.
 */
class QueueLatencyBenchmark {

  private static final int WARMUP = 500;
  private static final int ROUNDS = 2000;

  @Test
  void roundTrips() throws Exception {
    try (BridgeFixture fixture = BridgeFixture.start()) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      try (FakeBrowser tab = FakeBrowser.to(fixture.port())
          .responder((op, args) -> FakeBrowser.Reply.value(Map.of("op", op))).connect()) {
        tab.hello(id, s.token()).awaitFrame("welcome", java.time.Duration.ofSeconds(10));
        for (int i = 0; i < WARMUP; i++) {
          assertEquals(200, fixture.command(id, "status", Map.of(), 5000L).statusCode());
        }
        long[] alone = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = fixture.command(id, "status", Map.of(), 5000L);
          alone[i] = System.nanoTime() - t0;
          assertEquals(200, r.statusCode());
        }
        report("one client", alone);
        long[][] both = new long[2][ROUNDS / 2];
        CompletableFuture<?>[] clients = new CompletableFuture<?>[2];
        long start = System.nanoTime();
        for (int c = 0; c < 2; c++) {
          long[] mine = both[c];
          clients[c] = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < mine.length; i++) {
              long t0 = System.nanoTime();
              assertEquals(200, fixture.command(id, "status", Map.of(), 5000L).statusCode());
              mine[i] = System.nanoTime() - t0;
            }
          });
        }
        CompletableFuture.allOf(clients).get(120, TimeUnit.SECONDS);
        long wall = System.nanoTime() - start;
        long[] all = new long[ROUNDS];
        System.arraycopy(both[0], 0, all, 0, ROUNDS / 2);
        System.arraycopy(both[1], 0, all, ROUNDS / 2, ROUNDS / 2);
        report("two clients at once", all);
        System.err.printf("figure: two clients at once: %.0f commands/s through one tab%n", ROUNDS / (wall / 1e9));
      }
    }
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
    System.err.printf("figure: %s, %d status round trips: mean %.3f ms, p50 %.3f ms, p99 %.3f ms%n", what,
        nanos.length, mean, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
  }
}
