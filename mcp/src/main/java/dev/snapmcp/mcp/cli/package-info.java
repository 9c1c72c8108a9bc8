/**
 * The {@code snap-mcp} command line: picocli commands, each a thin layer over the store, the bridge or the server.
 * {@link dev.snapmcp.mcp.cli.Main} is the face; {@link dev.snapmcp.mcp.cli.DurationConverter} is public because the
 * harness uses it too; every command and helper is package-private.
 */
package dev.snapmcp.mcp.cli;
