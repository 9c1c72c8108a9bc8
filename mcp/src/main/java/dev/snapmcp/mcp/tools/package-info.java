/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler, written once in the SDK's 2025-11-25 types. {@link
 * dev.snapmcp.mcp.tools.SnapToolCatalog} lists them (in a fixed order, leaving out the output schemas no program
 * needs: {@code OUTPUT_SCHEMAS} says why for each) and hands the same tools to the server of either protocol era
 * ({@code ModernTools} translates them for 2026-07-28); {@link dev.snapmcp.mcp.tools.SnapResources} (the text-code
 * guide {@code text-code.md}, the block catalogue, a tab's project as text code via {@code ProjectText}) and {@link
 * dev.snapmcp.mcp.tools.SnapPrompts} are served the same way. {@code BlockCatalogue} is Snap!'s primitives as shipped
 * ({@code snap-blocks.json}, generated from real Snap! by the e2e suite), which snap_find_blocks answers from when no
 * tab is connected. {@link dev.snapmcp.mcp.tools.SnapTabs} is what the handlers share (choosing the session, sending
 * each command under its call's {@code Caller}, reporting progress while a command waits and ending the wait when the
 * client cancels ({@code CommandWaiter}), turning failures into results that say the next step; the order of one
 * tab's commands is the bridge's business, and the undo history is the tab's own); {@link
 * dev.snapmcp.mcp.tools.CallContext} is what a transport gives each call (progress, the client's cancellation, the
 * client's name); {@link dev.snapmcp.mcp.tools.ProjectFiles} is the one folder the project tools read and write
 * ({@code serve --projects-dir}). These (and the resources and prompts) are public because the server wiring builds
 * or implements them; everything else here is package-private, {@code ToolErrorCode} (the codes a model sees)
 * included. Nothing from the page is trusted here: {@code PageText} caps and marks its text in every result, {@code
 * ProjectXml} and {@code ForbiddenCode} refuse code and projects that run JavaScript before the tab sees them.
 *
 * <p>Issue 15 (a teacher's aide): {@link dev.snapmcp.mcp.tools.Teaching} enforces the teacher's mode on every call and
 * says which tools {@code tools/list} shows ({@code ModePolicy}: what each mode allows, and what to do instead);
 * {@link dev.snapmcp.mcp.tools.Journal} writes every call to the teacher's log off the call's thread; {@code
 * ExplainTool} is snap_explain; {@code Narration} builds a script block by block for snap_add_script and
 * snap_replace_script's {@code narrate}. Teaching and Journal are public because the server wiring builds them.
 */
package dev.snapmcp.mcp.tools;
