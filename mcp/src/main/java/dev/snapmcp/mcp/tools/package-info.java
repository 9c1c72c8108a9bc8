/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler, written once in the SDK's 2025-11-25 types. {@link
 * dev.snapmcp.mcp.tools.SnapToolCatalog} lists them and hands the same tools to the server of either protocol era
 * ({@code ModernTools} translates them for 2026-07-28); {@link dev.snapmcp.mcp.tools.SnapTabs} is what the handlers
 * share (choosing the session, serialising one tab's calls, turning failures into results that say the next step; the
 * undo history is the tab's own, not kept here); {@link dev.snapmcp.mcp.tools.CallContext} is what a transport gives
 * each call (progress, the client's cancellation); {@link dev.snapmcp.mcp.tools.ProjectFiles} is the one folder the
 * project tools read and write ({@code serve --projects-dir}). These four are public because the server wiring builds
 * or implements them; everything else here is package-private, {@code ToolErrorCode} (the codes a model sees) included.
 * Nothing from the page is trusted here: {@code PageText} caps and marks its text in every result, {@code ProjectXml}
 * and {@code ForbiddenCode} refuse code and projects that run JavaScript before the tab sees them.
 */
package dev.snapmcp.mcp.tools;
