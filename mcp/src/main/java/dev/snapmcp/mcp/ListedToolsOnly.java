package dev.snapmcp.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A legacy-era transport whose server's {@code tools/list} answers show only the tools the teacher's mode lists now.
 * Every tool stays registered with the SDK's server, so a call to one not listed (from a cached list) reaches it and
 * is answered {@code not_allowed_in_mode}, not "unknown tool". Wraps any transport (stdio's, HTTP's).
 */
final class ListedToolsOnly implements McpStatelessServerTransport {

  private final McpStatelessServerTransport transport;
  private final Supplier<Predicate<String>> listed;

  ListedToolsOnly(McpStatelessServerTransport transport, Supplier<Predicate<String>> listed) {
    this.transport = transport;
    this.listed = listed;
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    transport.setMcpHandler(new McpStatelessServerHandler() {
      @Override
      public Mono<McpSchema.JSONRPCResponse> handleRequest(McpTransportContext context,
          McpSchema.JSONRPCRequest request) {
        Mono<McpSchema.JSONRPCResponse> answer = handler.handleRequest(context, request);
        return McpSchema.METHOD_TOOLS_LIST.equals(request.method()) ? answer.map(ListedToolsOnly.this::filter) : answer;
      }

      @Override
      public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
        return handler.handleNotification(context, notification);
      }
    });
  }

  private McpSchema.JSONRPCResponse filter(McpSchema.JSONRPCResponse response) {
    if (!(response.result() instanceof McpSchema.ListToolsResult all)) {
      return response;
    }
    Predicate<String> shown = listed.get();
    List<McpSchema.Tool> tools = all.tools().stream().filter(tool -> shown.test(tool.name())).toList();
    return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(),
        new McpSchema.ListToolsResult(tools, all.nextCursor(), all.meta()), null);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return transport.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return transport.protocolVersions();
  }
}
