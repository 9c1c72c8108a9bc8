/**
 * The bridge: one Netty server on a loopback port that holds the browser extension's WebSockets ({@code /ws}) and
 * serves the control API other snap-mcp processes use ({@code /api/v1/}), both as written in {@code docs/protocol.md}.
 *
 * <p>The public face is {@link dev.snapmcp.bridge.BridgeServer} (start, port, close), its {@link
 * dev.snapmcp.bridge.BridgeConfig} and the one error type {@link dev.snapmcp.bridge.BridgeException}. The control
 * API's records and its client are in {@code dev.snapmcp.bridge.control}; the protocol's facts (default port, the
 * extension's id, origins, error codes) in {@code dev.snapmcp.bridge.protocol}; the browser's side of the WebSocket in
 * Java, for tests and the harness, is {@code dev.snapmcp.bridge.tab.FakeBrowser}. Everything else here is
 * package-private: {@code BridgeServerInitializer} builds the pipeline, one handler per concern (the request timeout,
 * {@code RequestDeadline}; the head gates, {@code HttpRouteHandler} and {@code RequestPolicyHandler}, which decide on a
 * request's head before any body is read; the body's limit, {@code ControlBodyAggregator}; control API, liveness, the
 * JSON frame codec, the handshake ({@code HelloHandler}: SCRAM-SHA-256 with {@code ScramExchange}, slowed and capped by
 * {@code HelloThrottle} per origin and session id, never per address), session frames, and last {@code ClosingExceptionHandler}, which ends a connection on an
 * exception nothing else handled), {@code Frame} holds the
 * WebSocket's records, {@code SessionRegistry} keeps which connection carries which session and orders the store
 * writes, and holds for each session its {@code TabHistory}, the index of the tab's undo history (the history itself
 * stays in the tab); {@code Tabs} holds each session's {@code Tab}: the one queue of commands every client shares (one
 * at a time, stop overtaking, re-sent under their id to the connection that comes back), waiting out the reconnection
 * grace on {@code Timers} the tests drive by hand. {@code CommandRouter} decides where a control API command goes (this
 * bridge's queue of the tab, or another node's); {@code ClusterNode} is this bridge as a node of a cluster whose store
 * offers {@link dev.snapmcp.core.Cluster} (docs/cluster.md): the directory's heartbeat, carrying commands to the node
 * holding a tab and their outcomes back, claiming the commands written for it, and handing a tab's queue over when
 * the tab reconnects to another node.
 */
package dev.snapmcp.bridge;
