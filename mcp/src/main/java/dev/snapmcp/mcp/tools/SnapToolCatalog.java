package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Every tool snap-mcp offers, in the order {@code tools/list} shows them, each written once and handed to the server
 * of either protocol era: {@link #legacySpecifications()} for 2024-11-05 to 2025-11-25 (the SDK's stateless server),
 * {@link #modernRepository()} for 2026-07-28. Both run the same handler and give the same result.
 */
public final class SnapToolCatalog {

  /**
   * Whether {@code tools/list} carries a tool's output schema, and why (one line each). Every tool declares the shape
   * of its result (tests check each result against it), but a schema on the wire costs every conversation context, so
   * it goes there only when a program, not just the model, reads that result's structure; the model reads the same
   * JSON as text. The members every result shares ({@code state}, {@code error}; a change's {@code change} and
   * {@code undoCheckpoints}) are described once, in the server's instructions.
   * A tool missing here is listed without one.
   */
  static final Map<String, Listed> OUTPUT_SCHEMAS = Map.ofEntries(
      Map.entry("snap_status", new Listed(false, "the model reads the status and its 'next' step as text")),
      Map.entry("snap_pair", new Listed(false, "its instructions are relayed as text; the code is one string")),
      Map.entry("snap_get_project", new Listed(false, "the project's shape follows Snap!'s, open-ended; read as text")),
      Map.entry("snap_add_script", new Listed(false, "echoes the script the model just wrote")),
      Map.entry("snap_replace_script", new Listed(false, "echoes the script the model just wrote")),
      Map.entry("snap_delete_script", new Listed(false, "echoes the id it was given")),
      Map.entry("snap_define_block", new Listed(false, "echoes the block the model just defined")),
      Map.entry("snap_get_variables", new Listed(false, "names and values are the project's own: no fixed shape")),
      Map.entry("snap_set_variable", new Listed(false, "echoes the value it was given")),
      Map.entry("snap_run", new Listed(true, "a program checking a run (a grader, a test) reads finished, said, errors")),
      Map.entry("snap_stop", new Listed(false, "nothing to read but success")),
      Map.entry("snap_screenshot", new Listed(false, "the picture is the answer; its size is in the text")),
      Map.entry("snap_find_blocks", new Listed(true, "a client can offer the blocks' names and inputs (completion)")),
      Map.entry("snap_new_project", new Listed(false, "returns only the name")),
      Map.entry("snap_load_project", new Listed(false, "returns only the name")),
      Map.entry("snap_save_project", new Listed(false, "path and size, read as text")),
      Map.entry("snap_undo", new Listed(false, "says in words what was undone")),
      Map.entry("snap_explain", new Listed(false, "the balloon is shown to the student; nothing to read but success")));

  /** Whether a tool's output schema is listed, and why. */
  record Listed(boolean outputSchema, String why) {}

  private final List<SnapTool> tools;
  private final Teaching teaching;
  private volatile List<McpSchema.Tool> lean;
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

  /**
   * The definitions as {@code tools/list} gives them, in the catalogue's fixed order (the SDK's 2025-11-25 types; both
   * eras list these): each tool's own, with its output schema only where {@link #OUTPUT_SCHEMAS} says so.
   */
  public List<McpSchema.Tool> definitions() {
    List<McpSchema.Tool> made = lean;
    if (made == null) {
      made = tools.stream().map(tool -> listed(tool.definition())).toList();
      lean = made;
    }
    return made;
  }

  /** {@code full} as listed: its output schema dropped, or kept with the shared members only named. */
  static McpSchema.Tool listed(McpSchema.Tool full) {
    Listed decision = OUTPUT_SCHEMAS.get(full.name());
    Map<String, Object> output = null;
    if (decision != null && decision.outputSchema() && full.outputSchema() != null) {
      output = new LinkedHashMap<>(full.outputSchema());
      @SuppressWarnings("unchecked")
      Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) output.get("properties"));
      properties.put("state", Map.of("type", "object"));
      properties.keySet().removeAll(java.util.Set.of("error", "change", "undoCheckpoints"));
      output.put("properties", properties);
    }
    return McpSchema.Tool.builder()
        .name(full.name())
        .title(full.title())
        .description(full.description())
        .inputSchema(full.inputSchema())
        .outputSchema(output)
        .annotations(full.annotations())
        .meta(full.meta())
        .build();
  }

  /**
   * The tools for the SDK's legacy stateless server. Each call takes its {@link CallContext} from the transport
   * context under {@link CallContext#TRANSPORT_KEY} (none there: no progress, no cancellation).
   */
  public List<McpStatelessServerFeatures.SyncToolSpecification> legacySpecifications() {
    List<McpSchema.Tool> definitions = definitions();
    return java.util.stream.IntStream.range(0, tools.size())
        .mapToObj(i -> new McpStatelessServerFeatures.SyncToolSpecification(definitions.get(i),
            (transport, request) -> tools.get(i).call(request.arguments(), contextOf(transport))))
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
          modern = new ModernTools(tools, definitions(), () -> listed());
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

  /**
   * A call's context on the legacy server with sessions: progress and the client through its exchange, no
   * cancellation.
   */
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

    @Override
    public McpSchema.Implementation client() {
      return exchange.getClientInfo(); // the session's initialize said it
    }
  }

  static CallContext contextOf(McpTransportContext transport) {
    Object context = transport == null ? null : transport.get(CallContext.TRANSPORT_KEY);
    return context instanceof CallContext given ? given : CallContext.NONE;
  }
}
