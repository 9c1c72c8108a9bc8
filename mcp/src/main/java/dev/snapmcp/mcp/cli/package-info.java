/**
 * The {@code snap-mcp} command line: picocli commands, each a thin layer over the store, the bridge, the server or
 * the client setup ({@code dev.snapmcp.mcp.setup}). {@code serve --http} runs through {@code HttpServe}, a class of its
 * own so that stdio never loads an HTTP class; {@code key} manages the HTTP server's keys ({@code
 * dev.snapmcp.mcp.http.HttpKeys}).
 * {@link dev.snapmcp.mcp.cli.Main} is the face; {@link dev.snapmcp.mcp.cli.DurationConverter} is public because the
 * harness uses it too; every command and helper is package-private. The teacher's commands (issue 15): {@code
 * TeachCommand} (mode, status, lock, unlock; passphrases from the terminal without echo, or a line of stdin) and
 * {@code LogCommand} (the log printed, as {@code LogPage}'s one self-contained HTML page, purged, its retention).
 */
package dev.snapmcp.mcp.cli;
