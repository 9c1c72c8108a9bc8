package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The {@code connections} command at a small scale against a real bridge process: races, abrupt drops and silent
 * clients leave consistent state and histories, the JSON carries the contract's names, the page its verdict. (The
 * speed targets are for the full-size run, not for CI.)
 */
class ConnectionsCommandTest {

  @TempDir
  Path dir;

  @Test
  void aSmallStormWithRacesAbruptDropsAndSilentClientsPassesEveryCheck() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path json = dir.resolve("conn.json");
    Path html = dir.resolve("conn.html");
    int exit = new CommandLine(new HarnessMain()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("connections", "--clients", "4", "--cycles", "20", "--replace-storms", "--abrupt",
            "--silent-clients", "2", "--probes", "20", "--round-trips", "20", "--idle", "10",
            "--json", json.toString(), "--html", html.toString());

    String both = out + "\n" + err;
    assertEquals(0, exit, both);
    JsonNode run = Json.mapper().readTree(Files.readAllBytes(json));
    assertTrue(run.get("passed").asBoolean(), both);
    assertEquals(4, run.get("clients").asInt());
    assertEquals(20, run.get("cyclesPerClient").asInt());
    assertEquals(80, run.get("cycles").asLong(), both);
    assertTrue(run.get("cyclesPerSec").asDouble() > 0, both);
    assertEquals(0, run.get("stateMismatches").asLong(), both);
    assertEquals(0, run.get("lateCloseFlips").asLong(), both);
    assertEquals(0, run.get("incompleteHistories").asLong(), both);
    assertEquals(0, run.get("clientFailures").asLong(), both);
    assertTrue(run.get("replacements").asLong() > 0, both); // seed 1: some of the 80 cycles race
    assertTrue(run.get("abruptDrops").asLong() > 0, both);
    assertEquals(2, run.get("silentClientsTimedOut").asInt(), both);
    assertEquals(20, run.get("visibilityLatencyMs").get("count").asLong(), both);
    assertTrue(run.get("visibilityLatencyMs").get("p50").asDouble() > 0, both);
    assertTrue(run.get("visibilityLatencyMs").get("p99").asDouble() >= run.get("visibilityLatencyMs").get("p50")
        .asDouble(), both);
    assertEquals(10, run.get("idle").get("held").asLong(), both);
    assertTrue(run.get("checks").size() >= 5, both);
    run.get("checks").forEach(c -> assertTrue(c.get("passed").asBoolean(), c.toString()));
    assertFalse(run.has("visibilityMicros"));
    assertTrue(out.toString().contains("PASSED"), both);
    String page = Files.readString(html);
    assertTrue(page.contains("PASSED") && page.contains("late close") && page.contains("<svg"), page);
  }

  @Test
  void withoutJsonItIsAUsageError() {
    int exit = new CommandLine(new HarnessMain()).setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(new StringWriter())).execute("connections", "--clients", "1");
    assertEquals(2, exit);
    int bad = new CommandLine(new HarnessMain()).setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(new StringWriter())).execute("connections", "--clients", "0", "--json", "x.json");
    assertEquals(2, bad);
  }
}
