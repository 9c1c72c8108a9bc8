package dev.snapmcp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole chain with a scripted tab: the SDK's client, {@code serve} as a child process hosting the bridge, and a
 * {@link FakeBrowser} that pairs with the code {@code snap_pair} gave. Results pass the SDK's own output-schema checks
 * on both sides, and a long run reports progress.
 */
class ServeWithFakeBrowserTest {

  @Test
  void pairConnectReadAndAStuckRunWithProgress() throws Exception {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (TempStateDir state = TempStateDir.create()) {
      McpSyncClient client = ServeProcessTest.client(state, ServeProcessTest.freePort(), progress::add);
      client.initialize();
      try {
        JsonNode pair = structured(client.callTool(new McpSchema.CallToolRequest("snap_pair", Map.of())));
        String[] code = pair.path("code").asString().split("\\.");
        FakeBrowser.Responder tab = (op, args) -> switch (op) {
          case "get_project" -> FakeBrowser.Reply.value(Map.of("name", "Pong", "sprites", List.of(),
              "globals", Map.of("score", 3), "state", Map.of("ready", true, "project", "Pong", "snap", "10.4")));
          case "run" -> FakeBrowser.Reply.none(); // a tab busy past the run's timeout
          default -> FakeBrowser.Reply.value(Map.of("name", "Pong", "xml", "<project name=\"Pong\"/>",
              "state", Map.of("ready", true, "project", "Pong", "snap", "10.4")));
        };
        try (FakeBrowser browser = FakeBrowser.to(Integer.parseInt(code[2])).responder(tab).connect()) {
          browser.hello(code[0], code[1]).awaitFrame("welcome", Duration.ofSeconds(10));
          browser.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "snap", "10.4", "project", "Pong"));
          await().atMost(Duration.ofSeconds(10)).until(() -> !Boolean.TRUE.equals(
              client.callTool(new McpSchema.CallToolRequest("snap_get_project", Map.of())).isError()));

          JsonNode project = structured(client.callTool(new McpSchema.CallToolRequest("snap_get_project", Map.of())));
          assertEquals("Pong", project.path("name").asString());
          assertEquals(code[0], project.path("state").path("session").asString());
          assertTrue(project.path("state").path("ready").asBoolean());

          McpSchema.CallToolResult run = client.callTool(McpSchema.CallToolRequest.builder()
              .name("snap_run").arguments(Map.of("timeoutSeconds", 1)).progressToken("run-1").build());
          assertEquals(Boolean.TRUE, run.isError());
          assertEquals("timeout", structured(run).path("error").path("code").asString());
          assertFalse(progress.isEmpty(), "progress while the run was pending");
          assertTrue(progress.stream().allMatch(p -> "run-1".equals(p.progressToken())));
        }
      } finally {
        client.closeGracefully();
      }
    }
  }

  private static JsonNode structured(McpSchema.CallToolResult result) {
    return Json.mapper().valueToTree(result.structuredContent());
  }
}
