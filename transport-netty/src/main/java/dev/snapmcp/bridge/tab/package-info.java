/**
 * The browser's side of the bridge's WebSocket protocol, in Java: {@link dev.snapmcp.bridge.tab.FakeBrowser} (made by
 * a {@link dev.snapmcp.bridge.tab.FakeBrowserBuilder}), a
 * scripted extension in a Snap! tab (the handshake, recorded frames, answers from a pluggable responder, a hung or crashed tab
 * or a closing one on demand) over a real WebSocket, and the {@link dev.snapmcp.bridge.tab.FakePage} behind it, which
 * outlives its sockets as a real page does and answers a re-sent command id once; its
 * {@code SocketListener} is one socket's reading side and {@code FakeHandshake} its side of the SCRAM-SHA-256
 * handshake (it proves the token, checks the bridge's signature, and sends the tab's data and runs commands only after);
 * a {@link dev.snapmcp.bridge.tab.Keyring} is a browser's memory of the secrets its pairing codes were exchanged for.
 *
 * <p>A supported part of the module, not a test fixture: the bridge's and mcp's tests drive a bridge with it, and the
 * harness runs its connection storms with it. It uses only the JDK's WebSocket client and core's JSON mapper, never the
 * bridge's internals, so it sees the bridge exactly as the extension does.
 */
package dev.snapmcp.bridge.tab;
