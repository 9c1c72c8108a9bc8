/**
 * {@code snap-mcp serve --http}: MCP over streamable HTTP on embedded Jetty 12, both protocol eras at one endpoint
 * ({@code /mcp}), the same tools over the same bridge as stdio. Only this package loads Jetty or the servlet API, and
 * only when {@code --http} is given.
 *
 * <p>The face: {@link dev.snapmcp.mcp.http.SnapMcpHttpServer} (start, URL, close), {@link
 * dev.snapmcp.mcp.http.HttpAddress} ({@code [HOST:]PORT}, loopback or not) and {@link dev.snapmcp.mcp.http.HttpKeys}
 * (the bearer keys, stored as SHA-256 hashes in the state folder's {@code http-keys.json}, or, with {@code --store
 * postgresql://…}, in the store every node shares, for {@code snap-mcp key}).
 *
 * <p>Package-private: {@code RequestGuard} (Host, Origin and key checks on every request, before either era's
 * transport) and {@code EraServlet} (the one servlet: the guard, then the SDK's stateless 2026-07-28 transport or its
 * legacy streamable transport with sessions, by the request's {@code MCP-Protocol-Version} header or else its body),
 * {@code FileKeys} (the keys' file).
 */
package dev.snapmcp.mcp.http;
