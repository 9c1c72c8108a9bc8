package dev.snapmcp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.mcp.tools.ScriptedTab;
import dev.snapmcp.testkit.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code notifications/cancelled} for a running {@code snap_run}, in raw JSON-RPC lines of either era: progress
 * comes while the run waits, the cancellation stops the scripts it started (the tab gets {@code stop}), the cancelled
 * request is never answered, and the server goes on serving.
 */
class ServeCancellationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String MODERN_META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{},"
      + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2025-11-25", "2026-07-28"})
  void cancellingARunStopsItsScriptsAndItIsNeverAnswered(String era) throws Exception {
    boolean modern = era.equals("2026-07-28");
    try (TempStateDir state = TempStateDir.create(); ChildJvm serve = ServeAvailabilityTest.serve(state)) {
      if (!modern) {
        ServeAvailabilityTest.send(serve.stdin(), ServeAvailabilityTest.INITIALIZE);
        ServeAvailabilityTest.send(serve.stdin(), ServeAvailabilityTest.INITIALIZED);
      }
      send(serve, modern, 2, "tools/call", "\"name\":\"snap_pair\",\"arguments\":{}", null);
      JsonNode pair = answer(serve, 2).path("result").path("structuredContent");
      try (ScriptedTab tab = ScriptedTab.pair(pair.path("code").asString()).neverAnswer("run")) {
        int[] id = {10};
        await().atMost(WAIT).until(() -> {
          id[0]++;
          send(serve, modern, id[0], "tools/call", "\"name\":\"snap_get_project\",\"arguments\":{}", null);
          return !answer(serve, id[0]).path("result").path("isError").asBoolean(true);
        });

        send(serve, modern, 100, "tools/call", "\"name\":\"snap_run\",\"arguments\":{\"timeoutSeconds\":60}", "run-1");
        String progress = serve.awaitLine(l -> l.contains("notifications/progress") && l.contains("run-1"), WAIT);
        assertEquals(0, Json.mapper().readTree(progress).path("params").path("progress").asInt(), progress);
        await().atMost(WAIT).until(() -> tab.ops().contains("run"));

        ServeAvailabilityTest.send(serve.stdin(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":100,\"reason\":\"the user changed their mind\"}}");
        await().atMost(WAIT).until(() -> tab.ops().contains("stop"));

        send(serve, modern, 101, modern ? "server/discover" : "ping", null, null);
        answer(serve, 101);
        assertFalse(serve.stdoutLines().stream().anyMatch(l -> l.contains("\"id\":100")),
            "the cancelled request got no answer: " + serve.stdoutLines());
      }
      serve.stdin().close();
      assertEquals(0, serve.waitFor(WAIT), serve.stderr());
      assertTrue(serve.stdoutLines().stream().noneMatch(l -> l.contains("\"id\":100")));
    }
  }

  private static void send(ChildJvm serve, boolean modern, int id, String method, String params, String progressToken)
      throws Exception {
    StringBuilder meta = new StringBuilder();
    if (modern || progressToken != null) {
      meta.append(modern ? MODERN_META : "\"_meta\":{");
      if (progressToken != null) {
        meta.append(modern ? "," : "").append("\"progressToken\":\"").append(progressToken).append('"');
      }
      meta.append('}');
    }
    String body = params == null ? meta.toString() : meta.length() == 0 ? params : params + "," + meta;
    ServeAvailabilityTest.send(serve.stdin(), "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
        + (body.isEmpty() ? "" : ",\"params\":{" + body + "}") + "}");
  }

  private static JsonNode answer(ChildJvm serve, int id) {
    return Json.mapper().readTree(serve.awaitLine(l -> l.startsWith("{") && l.contains("\"id\":" + id + ","), WAIT));
  }
}
