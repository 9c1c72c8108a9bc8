/**
 * Process fixtures with no dependency on the rest of snap-mcp, shared by every module's tests and by the harness:
 * {@link dev.snapmcp.testkit.ChildJvm}, the project's one way to start a real child JVM on the current classpath, read
 * what it prints line by line, and kill it with -9; and {@link dev.snapmcp.testkit.PostgresServer}, a real PostgreSQL
 * server (the one {@code SNAP_MCP_PG_URL} names, or one started from zonky's embedded binaries, which it can stop with
 * a fast shutdown and start again on the same data).
 *
 * <p>It lives in main code of its own module (not in core's test-jar) because the harness starts its worker and bridge
 * processes, and its PostgreSQL server, with it in production, and core's tests need it without depending on a module
 * built after core.
 */
package dev.snapmcp.testkit;
