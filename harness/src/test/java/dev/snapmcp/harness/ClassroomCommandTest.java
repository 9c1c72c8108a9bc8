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
 * The {@code classroom} command in a short configuration: PostgreSQL, 3 real bridge nodes with their serve --http,
 * the front, 10 tabs and 3 assistants for 15 s with one node killed with -9 and restarted: every check passes, the
 * JSON carries the figures, the page its verdict. (The full-size figures are from a run by hand.)
 */
class ClassroomCommandTest {

  @TempDir
  Path dir;

  @Test
  void aShortClassroomWithANodeKilledPassesEveryCheck() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path json = dir.resolve("classroom.json");
    Path html = dir.resolve("classroom.html");
    int exit = new CommandLine(new HarnessMain()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("classroom", "--tabs", "10", "--assistants", "3", "--duration", "15s",
            "--json", json.toString(), "--html", html.toString());

    String both = out + "\n" + err;
    assertEquals(0, exit, both);
    JsonNode run = Json.mapper().readTree(Files.readAllBytes(json));
    assertTrue(run.get("passed").asBoolean(), both);
    assertEquals(10, run.get("tabs").asInt());
    assertEquals(3, run.get("nodes").asInt());
    assertTrue(run.get("callsOk").asLong() > 0, both);
    assertTrue(run.get("callsPerSec").asDouble() > 0, both);
    assertTrue(run.get("sameNodeLatencyMs").get("count").asLong() + run.get("crossNodeLatencyMs").get("count")
        .asLong() > 0, both);
    assertTrue(run.get("tabsMovedByKill").asLong() > 0, both); // round robin put some of the 10 on the killed node
    assertEquals(3, run.get("nodeMemory").size());
    run.get("checks").forEach(c -> assertTrue(c.get("passed").asBoolean(), c.toString()));
    assertTrue(out.toString().contains("PASSED"), both);
    String page = Files.readString(html);
    assertTrue(page.contains("PASSED") && page.contains("cross node") && page.contains("<svg"), page);
  }
}
