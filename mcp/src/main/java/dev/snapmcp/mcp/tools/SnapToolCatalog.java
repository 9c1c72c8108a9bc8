package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Every tool snap-mcp offers, in the order {@code tools/list} shows them, each written once and handed to the server
 * of either protocol era: {@link #legacySpecifications()} for 2024-11-05 to 2025-11-25 (the SDK's stateless server),
 * {@link #modernRepository()} for 2026-07-28. Both run the same handler and give the same result.
 */
public final class SnapToolCatalog {

  private final List<SnapTool> tools;
  private volatile ModernTools modern;

  private SnapToolCatalog(List<SnapTool> tools) {
    this.tools = tools;
  }

  /** The tools, all acting through {@code tabs}. Cheap: no definition is built before it is asked for. */
  public static SnapToolCatalog of(SnapTabs tabs) {
    return new SnapToolCatalog(List.of(
        new StatusTool(tabs),
        new PairTool(tabs),
        new GetProjectTool(tabs),
        new AddScriptTool(tabs),
        new ReplaceScriptTool(tabs),
        new DeleteScriptTool(tabs),
        new DefineBlockTool(tabs),
        new GetVariablesTool(tabs),
        new SetVariableTool(tabs),
        new RunTool(tabs),
        new StopTool(tabs),
        new ScreenshotTool(tabs),
        new FindBlocksTool(tabs),
        new NewProjectTool(tabs),
        new LoadProjectTool(tabs),
        new SaveProjectTool(tabs),
        new UndoTool(tabs)));
  }

  /** The definitions, in order (the SDK's 2025-11-25 types: the one definition of each tool). */
  public List<McpSchema.Tool> definitions() {
    return tools.stream().map(SnapTool::definition).toList();
  }

  /**
   * The tools for the SDK's legacy stateless server. Each call takes its {@link CallContext} from the transport
   * context under {@link CallContext#TRANSPORT_KEY} (none there: no progress, no cancellation).
   */
  public List<McpStatelessServerFeatures.SyncToolSpecification> legacySpecifications() {
    return tools.stream()
        .map(tool -> new McpStatelessServerFeatures.SyncToolSpecification(tool.definition(),
            (transport, request) -> tool.call(request.arguments(), contextOf(transport))))
        .toList();
  }

  /**
   * The tools for the SDK's legacy server with sessions (streamable HTTP, 2025-03-26 to 2025-11-25): the same
   * handlers. Progress goes through the session's exchange when the call asked for it (a {@code progressToken});
   * that server passes no cancellation on to a handler, so a cancelled call runs to its end there.
   */
  public List<McpServerFeatures.SyncToolSpecification> legacySessionSpecifications() {
    return tools.stream()
        .map(tool -> new McpServerFeatures.SyncToolSpecification(tool.definition(),
            (exchange, request) -> tool.call(request.arguments(), new ExchangeContext(exchange, request))))
        .toList();
  }

  /** The tools for the SDK's 2026-07-28 server ({@code ToolsFeature.ofSync}). */
  public McpSyncToolRepository modernRepository() {
    ModernTools made = modern;
    if (made == null) {
      synchronized (this) {
        if (modern == null) {
          modern = new ModernTools(tools);
        }
        made = modern;
      }
    }
    return made;
  }

  /** The tool of this name, for tests that call handlers directly. */
  Optional<SnapTool> find(String name) {
    return tools.stream().filter(tool -> tool.definition().name().equals(name)).findFirst();
  }

  /** A call's context on the legacy server with sessions: progress through its exchange, no cancellation. */
  private record ExchangeContext(McpSyncServerExchange exchange, McpSchema.CallToolRequest request)
      implements CallContext {
    @Override
    public void progress(double done, Double total, String message) {
      Object token = request.meta() == null ? null : request.meta().get("progressToken");
      if (token != null) {
        exchange.progressNotification(new McpSchema.ProgressNotification(token, done, total, message));
      }
    }

    @Override
    public CompletableFuture<Void> cancellation() {
      return new CompletableFuture<>(); // never completes (a shared one would keep every caller's callbacks)
    }
  }

  static CallContext contextOf(McpTransportContext transport) {
    Object context = transport == null ? null : transport.get(CallContext.TRANSPORT_KEY);
    return context instanceof CallContext given ? given : CallContext.NONE;
  }
}
