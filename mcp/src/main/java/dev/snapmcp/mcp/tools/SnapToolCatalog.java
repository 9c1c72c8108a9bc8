package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.List;

/** Every tool snap-mcp offers, in the order {@code tools/list} shows them. */
public final class SnapToolCatalog {

  private SnapToolCatalog() {}

  /** The tools' specifications, all acting through {@code tabs}. */
  public static List<SyncToolSpecification> specifications(SnapTabs tabs) {
    List<SnapTool> tools = List.of(
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
        new UndoTool(tabs));
    return tools.stream().map(SnapTool::specification).toList();
  }
}
