/**
 * Test infrastructure other modules reuse through transport-netty's test-jar: {@link
 * dev.snapmcp.bridge.testing.FakeBrowser}, a scripted browser extension on a real WebSocket.
 */
package dev.snapmcp.bridge.testing;
