/**
 * End-to-end tests with real parts: Debian's Chromium driven by Playwright for Java, the snap-mcp extension loaded
 * unpacked, real Snap! served from 127.0.0.1, and (where a test needs them) the real bridge and {@code snap-mcp}.
 *
 * <p>The infrastructure is built like a product: {@link dev.snapmcp.e2e.SnapPageServer} serves Snap! (and can hold
 * its scripts back or break the page), {@link dev.snapmcp.e2e.SnapBrowserTest} starts one Playwright, one page server
 * and one browser per test class, and {@link dev.snapmcp.e2e.FailureCapture} keeps a screenshot and the page console
 * of every failed test under {@code e2e/target/e2e}, and {@link dev.snapmcp.e2e.ServeClient} is one MCP client of one
 * {@code snap-mcp serve} child process. Test classes are named after the area they prove.
 */
package dev.snapmcp.e2e;
