/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler, written once in the SDK's 2025-11-25 types. {@link
 * dev.snapmcp.mcp.tools.SnapToolCatalog} lists them and hands the same tools to the server of either protocol era
 * ({@code ModernTools} translates them for 2026-07-28); {@link dev.snapmcp.mcp.tools.SnapTabs} is what the handlers
 * share (choosing the session, sending each command under its call's {@code Caller}, reporting progress while a
 * command waits and ending the wait when the client cancels ({@code CommandWaiter}), turning failures into results that
 * say the next step; the order of one tab's commands is the bridge's business, and the undo history is the tab's own);
 * {@link dev.snapmcp.mcp.tools.CallContext} is what a transport gives each call (progress, the client's cancellation,
 * the client's name). These three are public because the server wiring builds or implements them; everything else
 * here is package-private, {@code ToolErrorCode} (the codes a model sees) included.
 */
package dev.snapmcp.mcp.tools;
