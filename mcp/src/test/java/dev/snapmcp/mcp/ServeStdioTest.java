package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code serve}'s raw stdio: malformed lines are answered and survived, stdout carries only JSON-RPC. */
class ServeStdioTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aMalformedLineGetsAParseErrorAndTheNextRequestIsServed() throws Exception {
    try (TempStateDir state = TempStateDir.create();
        ChildJvm serve = ChildJvm.builder("dev.snapmcp.mcp.cli.Main")
            .args(ServeProcessTest.serveArgs(state, ServeProcessTest.freePort()))
            .name("serve")
            .start()) {
      OutputStream stdin = serve.stdin();
      send(stdin, "this is not json");
      String parseError = serve.awaitLine(l -> l.contains("-32700"), TIMEOUT);
      assertTrue(Json.mapper().readTree(parseError).path("id").isNull(), parseError);

      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      serve.awaitLine(l -> l.contains("\"id\":1"), TIMEOUT);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"");
      serve.awaitLine(l -> l.contains("-32700"), TIMEOUT);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
      String tools = serve.awaitLine(l -> l.contains("\"id\":3"), TIMEOUT);
      assertTrue(tools.contains("snap_status"), tools);

      stdin.close();
      assertEquals(0, serve.waitFor(TIMEOUT), serve.stderr());
      List<String> stdout = serve.stdoutLines();
      assertEquals(4, stdout.size(), "two parse errors and two answers: " + stdout);
      for (String line : stdout) {
        JsonNode message = Json.mapper().readTree(line);
        assertEquals("2.0", message.path("jsonrpc").asString(), line);
      }
    }
  }

  private static void send(OutputStream stdin, String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
