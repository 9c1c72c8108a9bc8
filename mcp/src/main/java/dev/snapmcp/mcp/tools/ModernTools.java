package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The tools as the 2026-07-28 server sees them: the same definitions and handlers, translated from the SDK's
 * 2025-11-25 types (identical on the wire but for the new revision's {@code resultType}). A call that asked for
 * progress is answered as a stream, so its {@code notifications/progress} travel with it (over stdio and HTTP alike).
 */
final class ModernTools implements McpSyncToolRepository {

  private final Map<String, Entry> byName = new LinkedHashMap<>();
  private final List<McpSchema.Tool> definitions = new ArrayList<>();

  private final java.util.function.Supplier<java.util.function.Predicate<String>> listed;

  /**
   * {@code tools} with their definitions as listed ({@link SnapToolCatalog#definitions()}), in the same order;
   * {@code listed} says which of them {@code tools/list} shows now (the teacher's mode).
   */
  ModernTools(List<SnapTool> tools, List<io.modelcontextprotocol.spec.McpSchema.Tool> lean,
      java.util.function.Supplier<java.util.function.Predicate<String>> listed) {
    this.listed = listed;
    for (int i = 0; i < tools.size(); i++) {
      SnapTool tool = tools.get(i);
      McpSchema.Tool definition = definition(lean.get(i));
      definitions.add(definition);
      byName.put(definition.name(), new Entry(tool, McpSyncTool.of(definition, (ctx, request) -> call(tool, ctx, request))));
    }
  }

  @Override
  public ToolsPage list(McpRequestContext ctx, String cursor) {
    var shown = listed.get();
    return ToolsPage.of(definitions.stream().filter(tool -> shown.test(tool.name())).toList());
  }

  @Override
  public McpSyncTool find(McpRequestContext ctx, String name) {
    Entry entry = byName.get(name);
    return entry == null ? null : entry.modern();
  }

  private static McpSyncResponse<McpSchema.CallToolOutcome> call(SnapTool tool, McpRequestContext ctx,
      McpSchema.CallToolRequest request) {
    CallContext transport = SnapToolCatalog.contextOf(ctx.transportContext());
    var client = clientOf(ctx.clientInfo());
    if (ctx.progressToken() == null) {
      return McpSyncResponse.result(result(tool.call(request.arguments(), new WithNotifier(null, transport, client))));
    }
    return McpSyncResponse.streaming(notifier ->
        result(tool.call(request.arguments(), new WithNotifier(notifier, transport, client))));
  }

  /** The request's {@code clientInfo} in the 2025-11-25 types, or null. */
  private static io.modelcontextprotocol.spec.McpSchema.Implementation clientOf(McpSchema.Implementation info) {
    return info == null ? null : new io.modelcontextprotocol.spec.McpSchema.Implementation(info.name(), info.version());
  }

  /** A 2025-11-25 definition in the 2026-07-28 types. */
  static McpSchema.Tool definition(io.modelcontextprotocol.spec.McpSchema.Tool legacy) {
    McpSchema.Tool.Builder builder = McpSchema.Tool.builder(legacy.name(), legacy.inputSchema())
        .title(legacy.title())
        .description(legacy.description())
        .outputSchema(legacy.outputSchema())
        .meta(legacy.meta());
    var hints = legacy.annotations();
    if (hints != null) {
      builder.annotations(new McpSchema.ToolAnnotations(hints.title(), hints.readOnlyHint(), hints.destructiveHint(),
          hints.idempotentHint(), hints.openWorldHint()));
    }
    return builder.build();
  }

  /** A 2025-11-25 result in the 2026-07-28 types: the same content, structured content and error flag. */
  static McpSchema.CallToolResult result(io.modelcontextprotocol.spec.McpSchema.CallToolResult legacy) {
    List<McpSchema.Content> content = new ArrayList<>();
    for (io.modelcontextprotocol.spec.McpSchema.Content part : legacy.content()) {
      if (part instanceof io.modelcontextprotocol.spec.McpSchema.TextContent text) {
        content.add(McpSchema.TextContent.builder(text.text()).build());
      } else if (part instanceof io.modelcontextprotocol.spec.McpSchema.ImageContent image) {
        content.add(McpSchema.ImageContent.builder(image.data(), image.mimeType()).build());
      } else { // no tool makes other kinds today; the JSON is the same in both revisions
        content.add(Json.mapper().convertValue(part, McpSchema.Content.class));
      }
    }
    return McpSchema.CallToolResult.builder()
        .content(content)
        .structuredContent(legacy.structuredContent())
        .isError(Boolean.TRUE.equals(legacy.isError()))
        .meta(legacy.meta())
        .build();
  }

  private record Entry(SnapTool tool, McpSyncTool modern) {}

  /**
   * Progress through the SDK's notifier (it knows the request's token; none when the client asked for no progress),
   * cancellation from the transport, the client as the request's {@code _meta} names it.
   */
  private record WithNotifier(McpSyncNotifier notifier, CallContext transport,
      io.modelcontextprotocol.spec.McpSchema.Implementation client) implements CallContext {
    @Override
    public void progress(double done, Double total, String message) {
      if (notifier != null) {
        notifier.progress(done, total, message);
      }
    }

    @Override
    public CompletableFuture<Void> cancellation() {
      return transport.cancellation();
    }
  }
}
