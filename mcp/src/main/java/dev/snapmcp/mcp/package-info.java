/**
 * The MCP server of snap-mcp. The module's face is {@link dev.snapmcp.mcp.SnapMcpServer} (MCP over a pair of streams,
 * with the Snap! tools) with the {@link dev.snapmcp.mcp.EmbeddedBridge} it is given to start a bridge in-process, and
 * the command line's {@code dev.snapmcp.mcp.cli.Main}.
 *
 * <p>{@link dev.snapmcp.mcp.BridgeLink} (finds the machine's bridge or starts one, takes it over when its host exits)
 * is public only because the tools and the command line, in sibling packages, reach the bridge through it; it speaks
 * through transport-netty's one control API client ({@code dev.snapmcp.bridge.control.ControlClient}). The stdio guard
 * that answers malformed lines itself and the lazy schema validator are package-private.
 */
package dev.snapmcp.mcp;
