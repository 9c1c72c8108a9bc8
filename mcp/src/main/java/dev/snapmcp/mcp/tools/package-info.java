/**
 * The Snap! tools: one class per tool, each pairing its description (name, title, model-oriented description,
 * annotations, input and output schemas) with a thin handler. {@link dev.snapmcp.mcp.tools.SnapToolCatalog} lists
 * them and {@link dev.snapmcp.mcp.tools.SnapTabs} is what the handlers share (choosing the session, sending each
 * command under its call's {@code Caller}, reporting progress while a command waits ({@code CommandWaiter}), undo
 * checkpoints, turning failures into results that say the next step; the order of one tab's commands is the bridge's
 * business): these two are public only because {@code SnapMcpServer} builds them; everything else here is
 * package-private, {@code ToolErrorCode} (the codes a model sees) included.
 */
package dev.snapmcp.mcp.tools;
