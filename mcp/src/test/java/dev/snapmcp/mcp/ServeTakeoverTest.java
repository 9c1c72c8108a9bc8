package dev.snapmcp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two MCP clients, two {@code serve} processes, one bridge: the first hosts it, the second uses it, and when the
 * host dies (kill -9) the second's next call brings the bridge back on the same port.
 */
class ServeTakeoverTest {

  private static McpSyncClient serve(TempStateDir state, int port, List<McpSchema.ProgressNotification> progress) {
    McpSyncClient client = ServeProcessTest.client(state, port, progress::add);
    client.initialize();
    return client;
  }

  private static JsonNode status(McpSyncClient client) {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("snap_status", Map.of()));
    assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.content()));
    return Json.mapper().valueToTree(result.structuredContent());
  }

  @Test
  void twoServesShareOneBridgeAndTheSurvivorTakesItOver() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      int port = ServeProcessTest.freePort();
      McpSyncClient first = serve(state, port, new CopyOnWriteArrayList<>());
      McpSyncClient second = serve(state, port, new CopyOnWriteArrayList<>());
      try {
        // Each serve starts the bridge after its first answer: whichever got there first hosts it.
        JsonNode one = status(first);
        JsonNode other = status(second);
        String url = "http://127.0.0.1:" + port;
        assertEquals(url, one.path("bridge").path("url").asString());
        assertEquals(url, other.path("bridge").path("url").asString());
        long hostPid = one.path("bridge").path("pid").asLong();
        assertEquals(hostPid, other.path("bridge").path("pid").asLong(), "one bridge for both");
        boolean firstHosts = one.path("bridge").path("hostedHere").asBoolean();
        assertNotEquals(firstHosts, other.path("bridge").path("hostedHere").asBoolean(), "exactly one hosts it");
        McpSyncClient survivor = firstHosts ? second : first;

        ProcessHandle host = ProcessHandle.of(hostPid).orElseThrow();
        assertTrue(host.destroyForcibly());
        host.onExit().get(30, TimeUnit.SECONDS);

        long before = System.nanoTime();
        JsonNode back = status(survivor);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertEquals(url, back.path("bridge").path("url").asString(), "same port");
        assertNotEquals(hostPid, back.path("bridge").path("pid").asLong());
        assertTrue(back.path("bridge").path("hostedHere").asBoolean(), "the survivor hosts it now");
        System.err.println("bridge back after the host's kill -9 within " + tookMillis + " ms");
      } finally {
        second.closeGracefully();
        first.close();
      }
    }
  }

  @Test
  void afterTheHostsKillTheSurvivorsNextCallWaitsForTheTabWithProgressAndSucceeds() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      int port = ServeProcessTest.freePort();
      List<McpSchema.ProgressNotification> firstProgress = new CopyOnWriteArrayList<>();
      List<McpSchema.ProgressNotification> secondProgress = new CopyOnWriteArrayList<>();
      McpSyncClient first = serve(state, port, firstProgress);
      McpSyncClient second = serve(state, port, secondProgress);
      try {
        // Each serve starts the bridge after its first answer: whichever got there first hosts it; the other survives.
        JsonNode hosting = status(first).path("bridge");
        long hostPid = hosting.path("pid").asLong();
        boolean firstHosts = hosting.path("hostedHere").asBoolean();
        McpSyncClient survivor = firstHosts ? second : first;
        List<McpSchema.ProgressNotification> progress = firstHosts ? secondProgress : firstProgress;
        JsonNode pair = Json.mapper().valueToTree(
            survivor.callTool(new McpSchema.CallToolRequest("snap_pair", Map.of())).structuredContent());
        String[] code = pair.path("code").asString().split("\\.");
        FakeBrowser.Responder pong = (op, args) -> FakeBrowser.Reply.value(Map.of("name", "Pong", "sprites",
            List.of(), "globals", Map.of(), "state", Map.of("ready", true, "project", "Pong", "snap", "10.4")));
        FakeBrowser tab = tab(port, code, pong);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Boolean.TRUE.equals(
            survivor.callTool(new McpSchema.CallToolRequest("snap_get_project", Map.of())).isError()));

        ProcessHandle host = ProcessHandle.of(hostPid).orElseThrow();
        assertTrue(host.destroyForcibly());
        host.onExit().get(30, TimeUnit.SECONDS);
        tab.awaitClose(Duration.ofSeconds(20));

        CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> survivor.callTool(
            McpSchema.CallToolRequest.builder().name("snap_get_project").arguments(Map.of())
                .progressToken("back-1").build()));
        await().atMost(Duration.ofSeconds(20)).until(() -> progress.stream().anyMatch(p ->
            "back-1".equals(p.progressToken()) && p.message() != null && p.message().contains("to come back")));
        assertFalse(call.isDone(), "the call waits for the tab");
        try (FakeBrowser back = tab(port, code, pong)) {
          McpSchema.CallToolResult result = call.get(30, TimeUnit.SECONDS);
          JsonNode project = Json.mapper().valueToTree(result.structuredContent());
          assertFalse(Boolean.TRUE.equals(result.isError()), project.toString());
          assertEquals("Pong", project.path("name").asString());
          JsonNode command = back.awaitFrame("command", Duration.ofSeconds(10));
          assertTrue(command.path("id").asString().startsWith("t_"), command::toString);
          assertEquals("snap_get_project", command.at("/meta/tool").asString());
          assertTrue(command.at("/meta/client").asString().startsWith("snap-mcp-test 1 (pid "), command::toString);
        }
      } finally {
        second.closeGracefully();
        first.close();
      }
    }
  }

  private static FakeBrowser tab(int port, String[] code, FakeBrowser.Responder responder) {
    FakeBrowser tab = FakeBrowser.to(port).responder(responder).connect();
    tab.hello(code[0], code[1]).awaitFrame("welcome", Duration.ofSeconds(10));
    tab.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "snap", "10.4", "project", "Pong"));
    return tab;
  }

  @Test
  void pairingReturnsACodeAndReportsProgressWhileWaiting() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      int port = ServeProcessTest.freePort();
      List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
      McpSyncClient client = serve(state, port, progress);
      try {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
            .name("snap_pair")
            .arguments(Map.of("wait", true, "waitSeconds", 3))
            .progressToken("pair-1")
            .build());
        JsonNode pair = Json.mapper().valueToTree(result.structuredContent());
        assertFalse(Boolean.TRUE.equals(result.isError()), pair.toString());
        String code = pair.path("code").asString();
        String[] parts = code.split("\\.");
        assertEquals(3, parts.length, code);
        assertEquals(pair.path("session").asString(), parts[0]);
        assertTrue(parts[1].length() >= 43, "a 256-bit token");
        assertEquals(Integer.toString(port), parts[2]);
        assertTrue(pair.path("instructions").asString().contains(code));
        assertFalse(pair.path("connected").asBoolean(), "nobody pasted the code");
        assertFalse(progress.isEmpty(), "progress while waiting");
        assertEquals("pair-1", progress.get(0).progressToken());
      } finally {
        client.closeGracefully();
      }
    }
  }
}
