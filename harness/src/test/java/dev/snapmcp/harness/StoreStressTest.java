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

/** The store scenario end to end at a small scale: real worker processes, real kills, the real checker. */
class StoreStressTest {

  @TempDir
  Path reportDir;

  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new HarnessMain()).setOut(new PrintWriter(out, true)).execute(args);
  }

  @Test
  void theRealStoreKeepsEveryAcknowledgedUpdateThroughKills() throws Exception {
    int exit = run("store", "--workers", "2", "--threads", "2", "--duration", "6s", "--kill-every", "2s",
        "--status-every", "1s", "--report-dir", reportDir.toString());

    assertEquals(0, exit, out::toString);
    JsonNode report = Json.mapper().readTree(Files.readAllBytes(reportDir.resolve(ReportWriter.JSON_FILE)));
    assertTrue(report.get("passed").asBoolean(), out::toString);
    assertEquals(0, figure(report, "lost acknowledged updates"), out::toString);
    assertEquals(0, figure(report, "torn reads"), out::toString);
    assertTrue(figure(report, "acknowledged updates") > 0, out::toString);
    assertTrue(figure(report, "workers killed with -9") >= 2, out::toString);
    assertTrue(figure(report, "reads by the reader") > 0, out::toString);
    assertTrue(report.get("timeline").size() >= 5, out::toString);
    String html = Files.readString(reportDir.resolve(ReportWriter.HTML_FILE));
    assertTrue(html.contains("PASSED") && html.contains("<svg"), html);
    assertTrue(out.toString().contains("[   1.0 s] updates"), "status every second: " + out);
  }

  @Test
  void theBrokenPrototypeStoreIsCaught() throws Exception {
    int exit = run("store", "--broken-store", "--workers", "2", "--threads", "2", "--duration", "4s",
        "--kill-every", "0s", "--status-every", "1s", "--report-dir", reportDir.toString());

    assertEquals(1, exit, out::toString);
    JsonNode report = Json.mapper().readTree(Files.readAllBytes(reportDir.resolve(ReportWriter.JSON_FILE)));
    assertFalse(report.get("passed").asBoolean());
    assertTrue(figure(report, "lost acknowledged updates") > 0 || figure(report, "torn reads") > 0, out::toString);
    assertFalse(report.get("violations").isEmpty());
    assertTrue(Files.readString(reportDir.resolve(ReportWriter.HTML_FILE)).contains("FAILED"));
    assertTrue(out.toString().contains("FAILED"), out::toString);
  }

  @Test
  void badSettingsAreAUsageError() {
    assertEquals(2, run("store", "--workers", "0", "--report-dir", reportDir.toString()));
    assertEquals(2, run("store", "--duration", "soon", "--report-dir", reportDir.toString()));
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
