// snap-mcp, service worker: the live state of each Snap! tab the worker knows, and sending a frame on its socket.
// This state is rebuilt after the browser stops and restarts the worker; what must survive lives in pairings.js.

import {HANDSHAKE_FRAMES} from '../protocol.js';
/** tabId -> live state of that tab. */
export const tabs = new Map();

export function tabState(tabId) {
  let t = tabs.get(tabId);
  if (!t) {
    t = {tabId, port: null, socket: null, phase: 'idle', attempt: 0, droppedAt: null, reconnectTimer: null,
      pingTimer: null, connection: null, lastError: null, ready: null, history: null, url: null, title: null,
      connectedAt: null, leaving: null};
    tabs.set(tabId, t);
  }
  return t;
}

/** Sends one frame to the bridge if the tab's socket is open; a frame for a closed socket is dropped. */
export function send(t, frame) {
  if (!t.proven && !HANDSHAKE_FRAMES.has(frame.type)) return; // nothing about the tab before the bridge proved itself
  if (t.socket && t.socket.readyState === WebSocket.OPEN) t.socket.send(JSON.stringify(frame));
}
