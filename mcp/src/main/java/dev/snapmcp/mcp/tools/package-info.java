/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler. {@link dev.snapmcp.mcp.tools.SnapTabs} is what the
 * handlers share: choosing the session, serialising one tab's calls, undo checkpoints, and turning failures into
 * results that say the next step. {@link dev.snapmcp.mcp.tools.SnapToolCatalog} lists them all.
 */
package dev.snapmcp.mcp.tools;
