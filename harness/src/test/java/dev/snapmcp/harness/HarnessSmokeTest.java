package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * CI's smoke configuration of the harness, run as QA runs it: the harness in its own process. Our store with a few
 * processes and a few crashes must pass; the naive store must be caught; a short connections run must pass. Each
 * prints a progress bar on stderr and writes the JSON QA's scripts read.
 */
class HarnessSmokeTest {

  private static final Duration LIMIT = Duration.ofMinutes(2);

  @TempDir
  Path dir;

  private record Run(int exit, JsonNode json, String stdout, String stderr) {}

  private Run harness(String name, String... args) throws Exception {
    Path json = dir.resolve(name + ".json");
    try (ChildJvm h = ChildJvm.builder(HarnessMain.class).name("harness-" + name)
        .args(args).args("--json", json.toString(), "--html", dir.resolve(name + ".html").toString()).start()) {
      int exit = h.waitFor(LIMIT);
      return new Run(exit, Json.mapper().readTree(Files.readAllBytes(json)), String.join("\n", h.stdoutLines()),
          h.stderr());
    }
  }

  @Test
  void ourStoreSurvivesCrashesWithNothingLostOrTorn() throws Exception {
    Run r = harness("file", "store", "--processes", "3", "--updates", "400", "--crash-every", "200ms");

    assertEquals(0, r.exit(), r.stdout() + r.stderr());
    for (String field : List.of("store", "processes", "updatesPerProcess", "acknowledged", "applied", "lostUpdates",
        "duplicateUpdates", "tornReads", "opsPerSec", "latencyMs", "crashes")) {
      assertTrue(r.json().has(field), "QA's scripts read " + field + ": " + r.json());
    }
    assertEquals("file", r.json().get("store").asString());
    assertEquals(0, r.json().get("lostUpdates").asLong());
    assertEquals(0, r.json().get("duplicateUpdates").asLong());
    assertEquals(0, r.json().get("tornReads").asLong());
    assertTrue(r.json().get("crashes").asInt() >= 1, r.stdout());
    assertTrue(r.json().get("latencyMs").has("p50") && r.json().get("latencyMs").has("p99")
        && r.json().get("latencyMs").has("max"));
    assertTrue(r.stderr().contains("updates/s") && r.stderr().contains("/1200 updates"), "a progress bar: " + r.stderr());
    assertTrue(r.stdout().contains("every check passed"), r.stdout());
    assertTrue(Files.readString(dir.resolve("file.html")).contains("PASSED"));
  }

  @Test
  void aShortConnectionsRunPassesEveryCheck() throws Exception {
    Run r = harness("connections", "connections", "--clients", "4", "--cycles", "25", "--replace-storms", "--abrupt",
        "--silent-clients", "1", "--probes", "10", "--round-trips", "10", "--idle", "10");

    assertEquals(0, r.exit(), r.stdout() + r.stderr());
    for (String field : List.of("clients", "cycles", "cyclesPerSec", "stateMismatches", "lateCloseFlips",
        "visibilityLatencyMs")) {
      assertTrue(r.json().has(field), "QA's scripts read " + field + ": " + r.json());
    }
    assertEquals(100, r.json().get("cycles").asLong(), r.stdout());
    assertEquals(0, r.json().get("stateMismatches").asLong());
    assertEquals(0, r.json().get("lateCloseFlips").asLong());
    assertTrue(r.json().get("visibilityLatencyMs").has("p50") && r.json().get("visibilityLatencyMs").has("p99"));
    assertTrue(r.stderr().contains("cycles/s") && r.stderr().contains("/100 cycles"), "a progress bar: " + r.stderr());
    assertTrue(r.stdout().contains("PASSED"), r.stdout());
    assertTrue(Files.readString(dir.resolve("connections.html")).contains("PASSED"));
  }

  @Test
  void theNaiveStoreIsCaught() throws Exception {
    Run r = harness("naive", "store", "--store", "naive", "--processes", "3", "--updates", "150", "--hot-sessions",
        "1");

    assertEquals(HarnessMain.CHECK_FAILED, r.exit(), r.stdout() + r.stderr());
    assertTrue(r.json().get("lostUpdates").asLong() > 0, r.stdout());
    assertTrue(r.json().get("tornReads").asLong() > 0, r.stdout());
    assertTrue(r.stdout().contains("was caught, as it must be"), r.stdout());
  }
}
