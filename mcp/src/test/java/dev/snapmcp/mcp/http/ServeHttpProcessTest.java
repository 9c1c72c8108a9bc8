package dev.snapmcp.mcp.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.mcp.cli.Main;
import dev.snapmcp.testkit.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code snap-mcp serve --http} as a child process: it leaves stdin alone (closing it stops nothing), serves
 * the tools over the bridge it starts, and on SIGTERM closes that bridge and exits; and {@code snap-mcp key} from the
 * command line.
 */
class ServeHttpProcessTest {

  private static final Pattern URL = Pattern.compile("serving MCP on (http://127\\.0\\.0\\.1:(\\d+)/mcp)");

  @Test
  void serveHttpRunsUntilSigtermWithStdinClosedAndClosesItsBridge() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      int bridgePort = HttpFixture.freePort();
      ChildJvm child = ChildJvm.builder("dev.snapmcp.mcp.cli.Main").jvmArgs(ChildJvm.FAST_START.toArray(String[]::new))
          .args("serve", "--http", "0", "--state-dir", state.path().toString(), "--port", String.valueOf(bridgePort))
          .name("serve-http").start();
      try {
        child.stdin().close(); // an HTTP server is not stopped by its stdin
        Matcher url = URL.matcher(child.awaitStderrLine(line -> URL.matcher(line).find(), Duration.ofSeconds(60)));
        assertTrue(url.find());

        var client = BeyondLoopbackTest.modernClient(url.group(1), null);
        assertEquals(18, client.listTools().list().tools().size());
        var status = client.tool("snap_status").call();
        JsonNode structured = Json.mapper().valueToTree(status.structuredContent());
        assertFalse(Boolean.TRUE.equals(status.isError()), structured.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> listening(bridgePort)); // found or started at start
        assertTrue(child.isAlive());

        child.process().destroy(); // SIGTERM
        assertTrue(child.process().waitFor(15, TimeUnit.SECONDS), "exits on SIGTERM: " + child.stderr());
        assertEquals(143, child.process().exitValue(), child.stderr());
        assertFalse(listening(bridgePort), "the bridge it hosted is closed");
        assertFalse(listening(Integer.parseInt(url.group(2))), "the HTTP port is closed");
      } finally {
        child.process().destroyForcibly();
      }
    }
  }

  @Test
  void keyCommandsPrintAKeyOnceListWithoutItAndRevoke() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      String dir = state.path().toString();
      String made = run(0, "key", "new", "--name", "laptop", "--state-dir", dir).strip();
      assertTrue(made.matches("snapmcp_[A-Za-z0-9_-]{43}"), made);
      String list = run(0, "key", "list", "--json", "--state-dir", dir);
      JsonNode keys = Json.mapper().readTree(list);
      assertEquals(1, keys.size());
      assertEquals("laptop", keys.get(0).path("name").asString());
      assertFalse(list.contains(made), "list never shows a key");
      String id = keys.get(0).path("id").asString();
      assertTrue(run(0, "key", "revoke", id, "--state-dir", dir).contains("Revoked " + id));
      run(1, "key", "revoke", id, "--state-dir", dir);
      assertEquals(0, Json.mapper().readTree(run(0, "key", "list", "--json", "--state-dir", dir)).size());
      run(2, "serve", "--http", "host:port", "--state-dir", dir);
    }
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    assertEquals(expectedExit, code, String.join(" ", args) + ": " + out + err);
    return out.toString();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
