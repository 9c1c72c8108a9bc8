/**
 * The MCP server of snap-mcp: {@link dev.snapmcp.mcp.SnapMcpServer} wires the official MCP Java SDK's stdio server to
 * the Snap! tools ({@code dev.snapmcp.mcp.tools}); {@link dev.snapmcp.mcp.BridgeLink} finds the machine's bridge or
 * starts one in-process and takes it over when its host exits; {@link dev.snapmcp.mcp.ControlClient} speaks the
 * bridge's control API with timeouts and fails with the layer's one error type, {@link
 * dev.snapmcp.mcp.ControlException}. The stdio guard that answers malformed lines itself is package-private.
 */
package dev.snapmcp.mcp;
