package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The bridge scenario at a small scale against a real bridge process, killed with -9 and restarted once mid-storm:
 * the histories pass the checker, every phase produces its figures, the report is written. (The speed targets are for the full-scale run, not for CI.)
 */
class BridgeStressTest {

  @TempDir
  Path reportDir;

  @Test
  void aSmallStormWithABridgeKillLeavesConsistentHistoriesAndEveryFigure() throws Exception {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new HarnessMain()).setOut(new PrintWriter(out, true)).execute("bridge",
        "--clients", "6", "--storm", "4s", "--kill-bridge-every", "2s", "--probes", "5", "--round-trips", "50", "--idle", "30",
        "--status-every", "1s", "--report-dir", reportDir.toString());

    assertEquals(0, exit, out::toString);
    JsonNode report = Json.mapper().readTree(Files.readAllBytes(reportDir.resolve(ReportWriter.JSON_FILE)));
    assertTrue(report.get("passed").asBoolean(), out::toString);
    assertEquals(0, figure(report, "session histories inconsistent with the sockets"), out::toString);
    assertTrue(figure(report, "storm cycles") > 0, out::toString);
    assertEquals(1, figure(report, "bridge killed with -9 and restarted during the storm"), out::toString);
    assertEquals(30, figure(report, "idle connections held"), out::toString);
    assertTrue(figure(report, "welcome -> another process sees connected, p99") >= 0, out::toString);
    assertTrue(figure(report, "command round trip (control API -> WebSocket -> back), p50") > 0, out::toString);
    assertTrue(Files.readString(reportDir.resolve(ReportWriter.HTML_FILE)).contains("PASSED"));
  }

  private static double figure(JsonNode report, String name) {
    for (JsonNode f : report.get("figures")) {
      if (f.get("name").asString().equals(name)) {
        return f.get("value").asDouble();
      }
    }
    throw new AssertionError("no figure " + name + " in " + report);
  }
}
