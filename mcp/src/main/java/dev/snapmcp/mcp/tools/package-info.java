/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler. {@link dev.snapmcp.mcp.tools.SnapToolCatalog} lists
 * them and {@link dev.snapmcp.mcp.tools.SnapTabs} is what the handlers share (choosing the session, serialising one
 * tab's calls, turning failures into results that say the next step; the undo history is the tab's own, not kept
 * here): these two are public only because {@code SnapMcpServer} builds them; everything else here is
 * package-private, {@code ToolErrorCode} (the codes a model sees) included.
 */
package dev.snapmcp.mcp.tools;
