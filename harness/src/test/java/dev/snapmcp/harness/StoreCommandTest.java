package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The {@code store} command end to end at a small scale: real worker processes, real kills, the real checker. The
 * file store and the naive one run in {@link HarnessSmokeTest}, as CI's smoke configuration.
 */
class StoreCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new HarnessMain()).setOut(new PrintWriter(out, true)).execute(args);
  }

  private JsonNode json(String name) throws Exception {
    return Json.mapper().readTree(Files.readAllBytes(dir.resolve(name)));
  }

  @Test
  void sqliteRunsTheSameWorkloadThroughCrashesAndLosesNothing() throws Exception {
    int exit = run("store", "--store", "sqlite", "--processes", "2", "--updates", "200", "--hot-sessions", "2",
        "--crash-every", "200ms", "--think-time", "1ms", "--json", dir.resolve("s.json").toString(), "--html",
        dir.resolve("s.html").toString(), "--state-dir", dir.resolve("state").toString());

    assertEquals(0, exit, out::toString);
    JsonNode r = json("s.json");
    assertEquals("sqlite", r.get("store").asString());
    assertEquals(2, r.get("processes").asInt());
    assertEquals(200, r.get("updatesPerProcess").asInt());
    assertEquals(1.0, r.get("thinkTimeMs").asDouble());
    assertEquals(0, r.get("lostUpdates").asLong(), out::toString);
    assertEquals(0, r.get("duplicateUpdates").asLong(), out::toString);
    assertEquals(0, r.get("tornReads").asLong(), out::toString);
    assertTrue(r.get("crashes").asInt() >= 1, out::toString);
    long acknowledged = r.get("acknowledged").asLong();
    // Each crash may skip the one update it had in flight (which may or may not have landed).
    assertTrue(acknowledged >= 400 - r.get("crashes").asInt() && acknowledged <= 400, out::toString);
    assertTrue(r.get("applied").asLong() >= acknowledged, out::toString);
    assertTrue(r.get("readerReads").asLong() > 0, out::toString);
    assertTrue(r.get("latencyMs").get("p99").asDouble() >= r.get("latencyMs").get("p50").asDouble());
    String html = Files.readString(dir.resolve("s.html"));
    assertTrue(html.contains("PASSED") && html.contains("<svg") && html.contains("killed w"), html);
  }

  @Test
  void postgresRunsTheSameWorkloadThroughCrashesAndADatabaseRestartAndLosesNothing() throws Exception {
    int exit = run("store", "--store", "postgres", "--processes", "2", "--updates", "150", "--hot-sessions", "2",
        "--crash-every", "300ms", "--restart-database", "--json", dir.resolve("p.json").toString(), "--html",
        dir.resolve("p.html").toString(), "--state-dir", dir.resolve("state").toString());

    assertEquals(0, exit, out::toString);
    JsonNode r = json("p.json");
    assertEquals("postgres", r.get("store").asString());
    assertEquals(0, r.get("lostUpdates").asLong(), out::toString);
    assertEquals(0, r.get("duplicateUpdates").asLong(), out::toString);
    assertEquals(0, r.get("tornReads").asLong(), out::toString);
    assertEquals(0, r.get("failedCalls").asLong(), out::toString);
    assertEquals(1, r.get("databaseRestarts").size(), out::toString);
    assertTrue(r.get("database").asString().startsWith("jdbc:postgresql://"), out::toString);
    assertTrue(out.toString().contains("ok   the workers carried on by themselves after the database restart"),
        out::toString);
    String html = Files.readString(dir.resolve("p.html"));
    assertTrue(html.contains("PASSED") && html.contains("database restarted"), html);
  }

  @Test
  void aNaiveRunTheCheckerCannotCatchSaysSo() throws Exception {
    // One process alone loses nothing even on the naive store: the self-check must then fail loudly (exit 3).
    int exit = run("store", "--store", "naive", "--processes", "1", "--updates", "60", "--json",
        dir.resolve("n1.json").toString());

    assertEquals(HarnessMain.NAIVE_NOT_CAUGHT, exit, out::toString);
    assertEquals(0, json("n1.json").get("lostUpdates").asLong());
    assertTrue(out.toString().contains("NOT caught"), out::toString);
  }

  @Test
  void badSettingsAreAUsageErrorAndRunNothing() throws Exception {
    for (List<String> args : List.of(List.of("--processes", "0"), List.of("--store", "mongo"),
        List.of("--restart-database"), List.of("--store", "postgres", "--pg-url", "postgresql://h/db"),
        List.of("--store", "postgres", "--restart-database", "--pg-url", "jdbc:postgresql://h/db"),
        List.of("--crash-every", "soon"), List.of("--think-time", "-1s"), List.of("--updates", "-1"),
        List.of("--bogus"))) {
      List<String> all = new java.util.ArrayList<>(List.of("store", "--json", dir.resolve("x.json").toString()));
      all.addAll(args);
      assertEquals(2, run(all.toArray(String[]::new)), args::toString);
    }
    Files.createDirectories(dir.resolve("used"));
    Files.writeString(dir.resolve("used").resolve("sessions.json"), "{}");
    assertEquals(2, run("store", "--state-dir", dir.resolve("used").toString()), out::toString); // an earlier run's
    assertFalse(Files.exists(dir.resolve("x.json")), "nothing was run");
  }
}
