package dev.snapmcp.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.TeachFile;
import dev.snapmcp.core.TeachLog;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap-mcp log}: printing, --session, --since, --html (escaped, self-contained), purge and retention. */
class LogCommandTest {

  private final TempStateDir state = TempStateDir.create();
  @TempDir Path out;

  @AfterEach
  void cleanUp() {
    state.close();
  }

  private String[] run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--state-dir=" + state.path())).toArray(String[]::new);
    int exit = Main.commandLine(new PrintWriter(o, true), new PrintWriter(e, true)).execute(all);
    return new String[] {String.valueOf(exit), o.toString(), e.toString()};
  }

  private void write(ObjectNode... records) throws Exception {
    try (TeachLog.Writer log = TeachLog.writer(state.path(), () -> 30, Clock.systemUTC())) {
      for (ObjectNode r : records) {
        log.record(() -> r);
      }
      log.flush(5000);
    }
  }

  private static ObjectNode record(String at, String session, String tool) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("at", at).put("session", session).put("client", "Claude 1").put("mode", "build").put("tool", tool)
        .put("ok", true);
    return r;
  }

  @Test
  void printsFiltersAndWritesOneEscapedSelfContainedPage() throws Exception {
    String now = Instant.now().toString();
    ObjectNode add = record(now, "sess_a", "snap_add_script");
    add.putObject("arguments").put("code", "(say \"<script>alert(1)</script>\")");
    add.put("after", "(say \"<script>alert(1)</script>\")").put("summary", "added script Sprite#1 to Sprite");
    ObjectNode shot = record(now, "sess_a", "snap_screenshot");
    shot.putArray("pictures").add(Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    ObjectNode bad = record(now, "sess_b", "snap_run");
    bad.put("ok", false).putObject("error").put("code", "timeout").put("message", "still running");
    write(add, shot, bad);

    String[] all = run("log");
    assertEquals("0", all[0], all[2]);
    assertEquals(3, all[1].lines().filter(l -> l.contains("sess_")).count(), all[1]);
    assertTrue(all[1].contains("ERROR timeout"), all[1]);
    String[] onlyA = run("log", "--session", "sess_a");
    assertFalse(onlyA[1].contains("snap_run"), onlyA[1]);
    assertTrue(run("log", "--since", "1h")[1].contains("snap_screenshot"));
    assertTrue(run("log", "--since", "2999-01-01")[1].startsWith("Nothing recorded"));

    Path page = out.resolve("class.html");
    assertEquals("0", run("log", "--html", page.toString())[0]);
    String html = Files.readString(page);
    assertFalse(html.contains("<script>"), "the assistant's text is escaped");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("data:image/png;base64,"), "pictures inline");
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:|//).*"), "nothing from outside");
    assertTrue(html.contains("timeout: still running"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
  }

  @Test
  void purgeDeletesAndRetentionIsASetting() throws Exception {
    write(record(Instant.now().toString(), "sess_a", "snap_run"));
    assertEquals("0", run("log", "retention", "7")[0]);
    assertEquals(7, TeachFile.read(state.path()).logRetentionDays());
    assertEquals("2", run("log", "retention", "0")[0], "usage error");
    String[] purged = run("log", "purge");
    assertEquals("0", purged[0]);
    assertTrue(purged[1].contains("1 day file"), purged[1]);
    assertTrue(TeachLog.read(state.path(), null, null).isEmpty());
  }

  @Test
  void sinceUnderstandsAnInstantADayAndAnAge() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    assertEquals(Instant.parse("2026-12-03T09:00:00Z"), LogCommand.parseSince("2026-12-03T09:00:00Z", clock));
    assertEquals(Instant.parse("2026-12-02T00:00:00Z"), LogCommand.parseSince("2026-12-02", clock));
    assertEquals(Instant.parse("2026-12-03T10:00:00Z"), LogCommand.parseSince("2h", clock));
  }
}
