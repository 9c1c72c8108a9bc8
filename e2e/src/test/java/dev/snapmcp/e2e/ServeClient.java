package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.testkit.ChildJvm;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One MCP client (the SDK's own) of one {@code snap-mcp serve} child process, as an assistant's client would run it:
 * named by its clientInfo, on the given state folder and port (several of them share one bridge there).
 */
final class ServeClient implements AutoCloseable {

  private final McpSyncClient client;
  private final List<String> log = new ArrayList<>();

  ServeClient(String name, Path stateDir, int port) {
    List<String> command = new ArrayList<>(ChildJvm.FAST_START);
    command.addAll(List.of("-cp", ChildJvm.testClasspath(), "dev.snapmcp.mcp.cli.Main",
        "serve", "--state-dir", stateDir.toString(), "--port", Integer.toString(port)));
    StdioClientTransport transport = new StdioClientTransport(
        ServerParameters.builder(ChildJvm.javaExecutable()).args(command).build(), new JacksonMcpJsonMapper(Json.mapper()));
    transport.setStdErrorHandler(line -> {
      synchronized (log) {
        log.add(line);
      }
    });
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(90))
        .initializationTimeout(Duration.ofSeconds(60))
        .clientInfo(new McpSchema.Implementation(name, "1"))
        .build();
    client.initialize();
  }

  /** A free loopback port for the bridge the clients share. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  /** Calls a tool that must succeed: its structured content. */
  JsonNode ok(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult result = call(tool, args);
    assertFalse(Boolean.TRUE.equals(result.isError()), () -> tool + ": " + text(result));
    return Json.mapper().valueToTree(result.structuredContent());
  }

  /** Calls a tool that must fail: its structured content (with {@code error}). */
  JsonNode error(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult result = call(tool, args);
    assertTrue(Boolean.TRUE.equals(result.isError()), () -> tool + " should have failed: " + text(result));
    return Json.mapper().valueToTree(result.structuredContent());
  }

  static String text(McpSchema.CallToolResult result) {
    StringBuilder out = new StringBuilder();
    result.content().stream().filter(McpSchema.TextContent.class::isInstance)
        .forEach(c -> out.append(((McpSchema.TextContent) c).text()));
    return out.toString();
  }

  /** What the serve process wrote to stderr so far. */
  List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  @Override
  public void close() {
    client.closeGracefully();
  }
}
