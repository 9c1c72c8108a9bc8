/**
 * {@code snap-mcp setup}: connecting an MCP client by adding the server "snap" (the launcher's absolute path with
 * {@code serve}) to that client's own config file. The face is {@link dev.snapmcp.mcp.setup.Setup} (plan, apply, scan
 * every client), {@link dev.snapmcp.mcp.setup.Client} (each client's files, format and key, per operating system),
 * {@link dev.snapmcp.mcp.setup.Platform} (home, system and environment, injectable for tests and {@code --home}) and
 * {@link dev.snapmcp.mcp.setup.Launcher} (finding the launcher).
 *
 * <p>Files are edited as text, never re-serialised: Jackson (JSON, JSON with comments, TOML) only validates a file
 * and reads back the result, while {@code JsonText} and {@code TomlText} find the bytes of the servers object or the
 * {@code [mcp_servers.snap]} table, so every other entry, setting, comment and line break stays byte for byte.
 * {@code ConfigFile} writes a backup first and replaces the file atomically with its mode kept; {@code UnifiedDiff}
 * shows a dry run.
 */
package dev.snapmcp.mcp.setup;
