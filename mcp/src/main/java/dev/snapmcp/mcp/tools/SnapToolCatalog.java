package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;

/**
 * Every tool snap-mcp offers, in the order {@code tools/list} shows them, each written once and handed to the server
 * of either protocol era: {@link #legacySpecifications()} for 2024-11-05 to 2025-11-25 (the SDK's stateless server),
 * {@link #modernRepository()} for 2026-07-28. Both run the same handler and give the same result.
 */
public final class SnapToolCatalog {

  private final List<SnapTool> tools;
  private final Teaching teaching;
  private volatile ModernTools modern;

  private SnapToolCatalog(List<SnapTool> tools, Teaching teaching) {
    this.tools = tools;
    this.teaching = teaching;
    if (teaching != null) {
      tools.forEach(tool -> tool.enforce(teaching));
    }
  }

  /** The tools, all acting through {@code tabs}, every call allowed (no teacher's mode). */
  public static SnapToolCatalog of(SnapTabs tabs) {
    return of(tabs, null);
  }

  /**
   * The tools, all acting through {@code tabs}, each call checked against the teacher's mode ({@code teaching}; null:
   * none). Cheap: no definition is built before it is asked for.
   */
  public static SnapToolCatalog of(SnapTabs tabs, Teaching teaching) {
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
        new ExplainTool(tabs),
        new FindBlocksTool(tabs),
        new NewProjectTool(tabs),
        new LoadProjectTool(tabs),
        new SaveProjectTool(tabs),
        new UndoTool(tabs)), teaching);
  }

  /** Writes every call of every tool to the teacher's log from now on. */
  public void journal(Journal log) {
    tools.forEach(tool -> tool.journal(log));
  }

  /**
   * Whether {@code tools/list} shows the tool of this name now (the teacher's mode; every tool without one). A tool
   * not listed can still be called: it answers {@code not_allowed_in_mode} (a client may have cached the list).
   */
  public java.util.function.Predicate<String> listed() {
    return teaching == null ? name -> true : teaching.listed();
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

  /** The tools for the SDK's 2026-07-28 server ({@code ToolsFeature.ofSync}). */
  public McpSyncToolRepository modernRepository() {
    ModernTools made = modern;
    if (made == null) {
      synchronized (this) {
        if (modern == null) {
          modern = new ModernTools(tools, this::listed);
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

  static CallContext contextOf(McpTransportContext transport) {
    Object context = transport == null ? null : transport.get(CallContext.TRANSPORT_KEY);
    return context instanceof CallContext given ? given : CallContext.NONE;
  }
}
