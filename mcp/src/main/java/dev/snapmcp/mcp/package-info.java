/**
 * The MCP server of snap-mcp. The module's face is {@link dev.snapmcp.mcp.SnapMcpServer} (MCP over a pair of streams,
 * both protocol eras, with the Snap! tools) with the {@link dev.snapmcp.mcp.EmbeddedBridge} it is given to start a
 * bridge in-process, and the command line's {@code dev.snapmcp.mcp.cli.Main}.
 *
 * <p>{@link dev.snapmcp.mcp.SnapMcpFeatures} is what every transport serves: one tool catalogue over one bridge link,
 * and the SDK's server of each era built over them (the stateless legacy server for 2024-11-05 to 2025-11-25, the
 * {@code io.modelcontextprotocol.modern} server for 2026-07-28). The HTTP transport ({@code dev.snapmcp.mcp.http},
 * {@code serve --http}) takes the same object, with the SDK's legacy server with sessions for the older era.
 * {@link dev.snapmcp.mcp.BridgeLink} (finds the machine's bridge or starts one, takes it over when its host exits) is
 * public because the tools and the command line, in sibling packages, reach the bridge through it; it speaks through
 * transport-netty's one control API client ({@code dev.snapmcp.bridge.control.ControlClient}).
 *
 * <p>Package-private: the stdio side ({@code StdioRouter} sends each line to its era's server and owns requests in
 * flight, cancellation and the end of the session; {@code StdioGuard} reads and checks lines, answering malformed
 * ones itself; {@code LineWriter} writes whole lines; it also tells a legacy-era client when the teacher's mode changed
 * the tool list), {@code ListedToolsOnly} (the legacy server's {@code tools/list} narrowed to the teacher's mode, for
 * any transport) and the lazy schema validator. {@code SnapMcpFeatures} also owns the teacher's mode ({@code
 * Teaching}) and log ({@code Journal}) of issue 15 and hands the 2026-07-28 server a change feed for
 * {@code subscriptions/listen}.
 */
package dev.snapmcp.mcp;
