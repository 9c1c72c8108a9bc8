package dev.snapmcp.mcp.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.mcp.tools.ScriptedTab;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One {@code serve --http}, both protocol eras at its one URL through the SDK's own HTTP clients: the legacy
 * streamable client (initialize, a session) and the 2026-07-28 client (stateless) list the same tools, and each pairs
 * a scripted tab, adds a script, runs it (with progress) and takes a screenshot.
 */
class HttpErasTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A tool's answer as both eras give it. */
  record Answer(boolean isError, JsonNode structured, List<String> contentTypes) {}

  interface Era {
    List<String> tools();

    Answer call(String tool, Map<String, Object> arguments, Consumer<Double> progress);
  }

  @Test
  void bothErasServeTheSameToolsAtOneUrl() throws Exception {
    try (HttpFixture fixture = HttpFixture.start(TempStateDir.create(), "127.0.0.1")) {
      Map<Object, Consumer<Double>> listeners = new ConcurrentHashMap<>();
      McpSyncClient legacyClient = McpClient.sync(HttpClientStreamableHttpTransport.builder(base(fixture))
              .endpoint(SnapMcpHttpServer.ENDPOINT).jsonMapper(new JacksonMcpJsonMapper(Json.mapper())).build())
          .requestTimeout(Duration.ofSeconds(60))
          .clientInfo(new McpSchema.Implementation("snap-mcp-test", "1"))
          .progressConsumer(p -> listeners.getOrDefault(p.progressToken(), x -> { }).accept(p.progress()))
          .build();
      try {
        McpSchema.InitializeResult initialized = legacyClient.initialize();
        assertEquals("2025-11-25", initialized.protocolVersion());
        assertEquals("snap-mcp", initialized.serverInfo().name());
        Era legacy = new Era() {
          @Override
          public List<String> tools() {
            return legacyClient.listTools().tools().stream().map(McpSchema.Tool::name).toList();
          }

          @Override
          public Answer call(String tool, Map<String, Object> arguments, Consumer<Double> progress) {
            String token = tool + "-" + System.nanoTime();
            listeners.put(token, progress);
            McpSchema.CallToolResult result = legacyClient.callTool(McpSchema.CallToolRequest.builder()
                .name(tool).arguments(arguments).progressToken(token).build());
            return new Answer(Boolean.TRUE.equals(result.isError()), Json.mapper().valueToTree(
                result.structuredContent()), result.content().stream().map(McpSchema.Content::type).toList());
          }
        };
        var modernClient = BeyondLoopbackTest.modernClient(fixture.server.url(), null);
        Era modern = new Era() {
          @Override
          public List<String> tools() {
            return modernClient.listTools().list().tools().stream()
                .map(io.modelcontextprotocol.modern.McpSchema.Tool::name).toList();
          }

          @Override
          public Answer call(String tool, Map<String, Object> arguments, Consumer<Double> progress) {
            var result = modernClient.tool(tool).arguments(arguments).progress(p -> progress.accept(p.progress()))
                .call();
            return new Answer(Boolean.TRUE.equals(result.isError()), Json.mapper().valueToTree(
                result.structuredContent()), result.content().stream()
                .map(io.modelcontextprotocol.modern.McpSchema.Content::type).toList());
          }
        };

        assertEquals(18, legacy.tools().size());
        assertEquals(legacy.tools(), modern.tools(), "the same tools, in the same order");
        flow("2025-11-25", legacy);
        flow("2026-07-28", modern);
      } finally {
        legacyClient.closeGracefully();
      }
    }
  }

  private static void flow(String era, Era client) {
    Answer pair = client.call("snap_pair", Map.of(), p -> { });
    assertFalse(pair.isError(), era + ": " + pair.structured());
    try (ScriptedTab tab = ScriptedTab.pair(pair.structured().path("code").asString())) {
      await().atMost(WAIT).until(() -> !client.call("snap_get_project", Map.of(), p -> { }).isError());
      Answer added = client.call("snap_add_script", Map.of("code", "(receiveGo) (sayFor \"Hello!\" 2)"), p -> { });
      assertFalse(added.isError(), era + ": " + added.structured());

      List<Double> progress = new CopyOnWriteArrayList<>();
      Answer run = client.call("snap_run", Map.of("timeoutSeconds", 5), progress::add);
      assertFalse(run.isError(), era + ": " + run.structured());
      assertEquals("Hello!", run.structured().path("said").path(0).path("text").asString(), era);
      await().atMost(WAIT).until(() -> !progress.isEmpty()); // the SDK may hand it over after the result

      Answer picture = client.call("snap_screenshot", Map.of(), p -> { });
      assertFalse(picture.isError(), era + ": " + picture.structured());
      assertEquals(List.of("image", "text"), picture.contentTypes(), era);
      assertTrue(tab.ops().containsAll(List.of("add_script", "run", "screenshot")), era + ": " + tab.ops());
    }
  }

  private static String base(HttpFixture fixture) {
    URI url = URI.create(fixture.server.url());
    assertNotNull(url.getHost());
    return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
  }
}
