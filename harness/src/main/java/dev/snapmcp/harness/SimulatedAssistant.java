package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * One classroom assistant: the MCP Java SDK's own HTTP client (protocol 2026-07-28, stateless) with the shared key,
 * calling {@code snap_get_variables} for its student's session at a classroom's pace until the run ends. It starts at
 * its own node's {@code serve --http}; when that server cannot be reached (its machine was killed) it counts the call
 * as {@code unreachable} and goes on with the next node's, as a client behind a load balancer would be sent on.
 */
final class SimulatedAssistant implements Runnable {

  static final String TOOL = "snap_get_variables";

  /**
   * One tool call: when it started and ended (nanoTime), the node whose server answered it, the node that held the
   * tab when it started (-1: none), and its outcome: {@code ok}, or the error's code.
   */
  record Call(long startNanos, long endNanos, int answeredBy, int tabNode, String outcome) {
    boolean ok() {
      return "ok".equals(outcome);
    }
  }

  private final String session;
  private final int nodes;
  private final IntFunction<String> mcpUrl;
  private final String key;
  private final Duration thinkTime;
  private final long endNanos;
  private final Supplier<Map<String, Integer>> holders;
  private final List<Call> calls = new ArrayList<>();
  private int node;

  SimulatedAssistant(String session, int firstNode, int nodes, IntFunction<String> mcpUrl, String key,
      Duration thinkTime, long endNanos, Supplier<Map<String, Integer>> holders) {
    this.session = session;
    this.node = firstNode;
    this.nodes = nodes;
    this.mcpUrl = mcpUrl;
    this.key = key;
    this.thinkTime = thinkTime;
    this.endNanos = endNanos;
    this.holders = holders;
  }

  @Override
  public void run() {
    McpSyncClient client = client(mcpUrl.apply(node));
    while (System.nanoTime() + thinkTime.toNanos() < endNanos) {
      pause(thinkTime.toMillis());
      Integer tabNode = holders.get().get(session);
      int answering = node;
      long t0 = System.nanoTime();
      String outcome;
      try {
        McpSchema.CallToolResult result = client.tool(TOOL).arguments(Map.of("session", session)).call();
        outcome = Boolean.TRUE.equals(result.isError()) ? code(result) : "ok";
      } catch (RuntimeException e) {
        outcome = "unreachable";
        node = (node + 1) % nodes;
        client = client(mcpUrl.apply(node));
      }
      synchronized (this) {
        calls.add(new Call(t0, System.nanoTime(), answering, tabNode == null ? -1 : tabNode, outcome));
      }
    }
  }

  /** The tool error's code ({@code structuredContent.error.code}), or {@code no_code} when it has none. */
  private static String code(McpSchema.CallToolResult result) {
    JsonNode structured = Json.mapper().valueToTree(result.structuredContent());
    String code = structured == null ? "" : structured.path("error").path("code").asString("");
    return code.isBlank() ? "no_code" : code;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  String session() {
    return session;
  }

  private McpSyncClient client(String url) {
    HttpClientMcpTransport transport = HttpClientMcpTransport.builder(url)
        .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
        .requestCustomizer(McpHttpRequestCustomizer.fromSync(
            (request, headers, context) -> headers.set("Authorization", "Bearer " + key)))
        .build();
    return McpClient.sync(transport)
        .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
        .clientInfo(McpSchema.Implementation.builder("snap-mcp-harness-classroom", "1").build())
        .roundTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
