/** The {@code snap-mcp} command line: picocli commands, each a thin layer over the store, the bridge or the server. */
package dev.snapmcp.mcp.cli;
