package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The MCP Java SDK's own client of {@code serve} (a child process), for either protocol era, reduced to what the
 * tests compare: tool names, and each call's error flag, structured content and content kinds.
 */
interface EraClient extends AutoCloseable {

  /** A tool's answer as both eras can give it. */
  record Answer(boolean isError, JsonNode structured, List<String> contentTypes, String text) {}

  String era();

  List<String> toolNames();

  /** Calls {@code tool}; progress notifications of the call go to {@code progress}. */
  Answer call(String tool, Map<String, Object> arguments, Consumer<Double> progress);

  default Answer call(String tool, Map<String, Object> arguments) {
    return call(tool, arguments, p -> { });
  }

  @Override
  void close();

  /** The 2025-11-25 client: {@code initialize}, then requests. */
  static EraClient legacy(TempStateDir state, int port) {
    Map<Object, Consumer<Double>> listeners = new java.util.concurrent.ConcurrentHashMap<>();
    io.modelcontextprotocol.client.McpSyncClient client = ServeProcessTest.client(state, port,
        p -> listeners.getOrDefault(p.progressToken(), x -> { }).accept(p.progress()));
    client.initialize();
    return new EraClient() {
      @Override
      public String era() {
        return "2025-11-25";
      }

      @Override
      public List<String> toolNames() {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      }

      @Override
      public Answer call(String tool, Map<String, Object> arguments, Consumer<Double> progress) {
        String token = tool + "-" + System.nanoTime();
        listeners.put(token, progress); // kept: the SDK may hand over a notification after the result
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
            .name(tool).arguments(arguments).progressToken(token).build());
        String text = result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
            .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse(null);
        return new Answer(Boolean.TRUE.equals(result.isError()), Json.mapper().valueToTree(result.structuredContent()),
            result.content().stream().map(McpSchema.Content::type).toList(), text);
      }

      @Override
      public void close() {
        client.closeGracefully();
      }
    };
  }

  /** The 2026-07-28 client: no handshake, {@code _meta} on every request. */
  static EraClient modern(TempStateDir state, int port) {
    ServerParameters serve = ServerParameters.builder(ChildJvm.javaExecutable())
        .args(ServeProcessTest.serveCommand(state, port))
        .build();
    StdioMcpClientTransport transport = StdioMcpClientTransport.builder(serve)
        .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
        .stderrConsumer(line -> { })
        .start();
    McpSyncClient client = McpClient.sync(transport)
        .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
        .clientInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder("snap-mcp-test", "1").build())
        .roundTimeout(Duration.ofSeconds(60))
        .build();
    return new EraClient() {
      @Override
      public String era() {
        return "2026-07-28";
      }

      @Override
      public List<String> toolNames() {
        return client.listTools().list().tools().stream().map(io.modelcontextprotocol.modern.McpSchema.Tool::name)
            .toList();
      }

      @Override
      public Answer call(String tool, Map<String, Object> arguments, Consumer<Double> progress) {
        var result = client.tool(tool).arguments(arguments).progress(p -> progress.accept(p.progress())).call();
        String text = result.content().stream()
            .filter(c -> c instanceof io.modelcontextprotocol.modern.McpSchema.TextContent)
            .map(c -> ((io.modelcontextprotocol.modern.McpSchema.TextContent) c).text()).findFirst().orElse(null);
        return new Answer(Boolean.TRUE.equals(result.isError()), Json.mapper().valueToTree(result.structuredContent()),
            result.content().stream().map(io.modelcontextprotocol.modern.McpSchema.Content::type).toList(), text);
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }
}
