/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler, written once in the SDK's 2025-11-25 types. {@link
 * dev.snapmcp.mcp.tools.SnapToolCatalog} lists them (in a fixed order, leaving out the output schemas no program
 * needs: {@code OUTPUT_SCHEMAS} says why for each) and hands the same tools to the server of either protocol era
 * ({@code ModernTools} translates them for 2026-07-28); {@link dev.snapmcp.mcp.tools.SnapResources} (the text-code
 * guide {@code text-code.md}, the block catalogue, a tab's project as text code via {@code ProjectText}) and {@link
 * dev.snapmcp.mcp.tools.SnapPrompts} are served the same way. {@code BlockCatalogue} is Snap!'s primitives as shipped
 * ({@code snap-blocks.json}, generated from real Snap! by the e2e suite), which snap_find_blocks answers from when no
 * tab is connected. {@link dev.snapmcp.mcp.tools.SnapTabs} is what the handlers share (choosing the session,
 * serialising one tab's calls, turning failures into results that say the next step; the undo history is the tab's
 * own, not kept here); {@link dev.snapmcp.mcp.tools.CallContext} is what a transport gives each call (progress, the
 * client's cancellation). These (and the resources and prompts) are public because the server wiring builds or
 * implements them; everything else here is package-private, {@code ToolErrorCode} (the codes a model sees) included.
 */
package dev.snapmcp.mcp.tools;
