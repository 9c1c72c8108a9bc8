// snap-mcp, service worker: the WebSocket of one paired tab to the bridge (docs/protocol.md, "WebSocket").
//
// Why here: the worker's WebSocket carries the extension's own Origin (chrome-extension://<id>, fixed by the
// manifest's key), which the bridge allows whatever site Snap! is served from.
//
// While connected, an application-level {"type":"ping"} every 20 s keeps the worker alive (MV3 workers sleep after
// 30 s without events; WebSocket traffic counts as activity). A socket that closes is opened again at once, then after
// a back-off that stays short while the bridge still waits for the tab (backoff.js), unless the bridge said that
// reconnecting cannot help (FINAL_ERRORS): then the person must pair again. A tab coming into view, or the worker
// starting, tries again at once (ensureSocket).
//
// The handshake (scram.js) comes first: hello (session and nonce, no token) → challenge → proof → proven (which may
// say the pairing code was exchanged for a secret: kept in its place from then on). Until the
// bridge's signature checks out nothing about the tab is sent and no command runs (tabs.js send, onFrame); an end
// that fails to prove itself is an impostor: the tab stops connecting to it and the popup says so in plain words.
// Once the person pairs again and the real bridge welcomes the tab, the incident is reported as an event.
import {FINAL_ERRORS, FRAME, WORDS, frames} from '../protocol.js';
import {nextAttempt, reconnectDelay} from './backoff.js';
import {forgetCommandsOf, runCommand} from './commands.js';
import {pairingOf, savePairing} from './pairings.js';
import {startHandshake} from './scram.js';
import {send, tabState} from './tabs.js';

const EXTENSION_VERSION = chrome.runtime.getManifest().version;
const PING_EVERY_MS = 20000;
const HELLO_WAITS_FOR_READY_MS = 1000;

/** Opens the tab's socket if it is paired and has none (open or opening), unless the bridge refused its pairing. */
export async function ensureSocket(tabId) {
  const t = tabState(tabId);
  const pairing = await pairingOf(tabId);
  if (!pairing) return;
  if (t.socket && (t.socket.readyState === WebSocket.OPEN || t.socket.readyState === WebSocket.CONNECTING)) return;
  if (t.phase === 'rejected') return;
  clearTimeout(t.reconnectTimer);
  t.reconnectTimer = null;
  open(t, pairing);
}

/** Closes the tab's socket on purpose: its onclose then does nothing, as the socket is no longer the tab's. */
export function closeSocket(t, reason) {
  const old = detachSocket(t);
  if (old) old.close(1000, reason);
}

/**
 * Takes the tab's socket away from it without closing it yet: nothing it receives reaches the tab any more, and a
 * new socket may open at once (a reloaded page's). The caller closes it.
 */
export function detachSocket(t) {
  if (!t.socket) return null;
  const old = t.socket;
  t.socket = null;
  t.connection = null;
  t.proven = false;
  clearInterval(t.pingTimer);
  old.onmessage = null;
  forgetCommandsOf(t.tabId);
  return old;
}

/**
 * The tab was closed: the bridge hears `closing` on the tab's socket, and on the one its page's going away took from
 * it (tab-port.js may still be deciding whether the page comes back), so what waits for the tab fails at once.
 */
export function tabGone(t) {
  sendEvent(t, {event: 'closing'});
  if (t.leaving) t.leaving.gone();
}

/** Sends a page event ({event: 'ready' | 'project' | 'error', ...}) to the bridge. */
export function sendEvent(t, event) {
  send(t, frames.event(event));
}

function open(t, pairing) {
  let socket;
  t.phase = 'connecting';
  try {
    socket = new WebSocket(`ws://127.0.0.1:${pairing.port}/ws`);
  } catch (e) {
    t.lastError = {code: 'connect_failed', message: String(e.message || e)};
    scheduleReconnect(t);
    return;
  }
  t.socket = socket;
  t.proven = false;
  const handshake = startHandshake(pairing);
  socket.onopen = () => {
    if (t.socket !== socket || socket.readyState !== WebSocket.OPEN) return;
    send(t, handshake.hello());
  };
  socket.onmessage = (event) => {
    let frame;
    try { frame = JSON.parse(event.data); } catch (e) { return; }
    if (t.socket !== socket) return;
    if (!t.proven) onHandshakeFrame(t, socket, handshake, pairing, frame);
    else onFrame(t, frame);
  };
  socket.onclose = (event) => {
    if (t.socket !== socket) return; // an older socket of this tab
    clearInterval(t.pingTimer);
    t.socket = null;
    t.connection = null;
    t.proven = false;
    forgetCommandsOf(t.tabId); // the bridge sends them again to the socket that comes back
    if (t.phase === 'rejected' || t.phase === 'unpaired') return;
    if (event.code === 1008 && !t.lastError) {
      t.lastError = {code: 'refused', message: event.reason || 'the bridge refused the connection'};
    }
    if (t.lastError && FINAL_ERRORS.has(t.lastError.code)) {
      t.phase = 'rejected';
      return;
    }
    scheduleReconnect(t);
  };
  socket.onerror = () => { /* onclose follows and decides */ };
}

/**
 * Waits (at most ms milliseconds) until the tab has reported its readiness: pairing right as Snap! finishes loading would
 * otherwise send a hello that does not know Snap!'s version. The relay is asked to have the page announce itself.
 */
function readinessKnown(t, ms) {
  if (t.ready || !t.port) return Promise.resolve();
  try { t.port.postMessage({type: 'announce'}); } catch (e) { return Promise.resolve(); }
  return new Promise((resolve) => {
    const started = Date.now();
    const check = setInterval(() => {
      if (t.ready || !t.port || Date.now() - started >= ms) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
}

/** A frame before the bridge proved itself: only the handshake's, or an error; anything else is an impostor's. */
async function onHandshakeFrame(t, socket, handshake, pairing, frame) {
  if (frame.type === FRAME.error) {
    onFrame(t, frame);
    return;
  }
  if (frame.type === FRAME.challenge) {
    const proof = await handshake.proofFor(frame);
    if (t.socket !== socket) return;
    if (proof) send(t, proof);
    else impostor(t, socket, pairing);
    return;
  }
  if (frame.type === FRAME.proven && await handshake.bridgeProven(frame)) {
    if (t.socket !== socket) return;
    // The code, if it was one, is now used: keep the secret it was exchanged for (or what was just proved) before
    // anything else, so a reload or a restarted worker proves that.
    const exchanged = await handshake.exchangedToken(frame);
    if (t.socket !== socket) return; // unpaired or paired again meanwhile
    if (exchanged) pairing.token = exchanged;
    await savePairing(t.tabId, pairing);
    if (t.socket !== socket) return;
    t.proven = true;
    const tab = await chrome.tabs.get(t.tabId).catch(() => null);
    await readinessKnown(t, HELLO_WAITS_FOR_READY_MS); // so identify can say which Snap! connected
    if (t.socket !== socket) return;
    send(t, frames.identify(
      {extension: EXTENSION_VERSION, snap: (t.ready && t.ready.snap) || null, userAgent: navigator.userAgent},
      {url: (tab && tab.url) || t.url, title: (tab && tab.title) || t.title}));
    return;
  }
  impostor(t, socket, pairing); // a wrong signature, a welcome or a command without the proof
}

/** The other end did not prove it holds the session: stop offering this tab to it and say so. */
function impostor(t, socket, pairing) {
  if (t.socket !== socket) return;
  t.phase = 'rejected';
  t.lastError = {code: 'impostor', message: WORDS.impostor(pairing.port)};
  t.incident = {event: 'incident', incident: 'impostor', port: pairing.port, at: new Date().toISOString(),
    message: `a program on port ${pairing.port} did not prove it is snap-mcp; the tab sent it nothing and stopped`};
  socket.close(1000, 'the other end did not prove it holds the session');
}

function scheduleReconnect(t) {
  t.phase = 'connecting';
  if (t.droppedAt === null) t.droppedAt = Date.now();
  const delay = reconnectDelay(t.attempt, Date.now() - t.droppedAt, Math.random);
  t.attempt = nextAttempt(t.attempt);
  clearTimeout(t.reconnectTimer);
  t.reconnectTimer = setTimeout(() => {
    t.reconnectTimer = null;
    ensureSocket(t.tabId);
  }, delay);
}

function onFrame(t, frame) {
  switch (frame.type) {
    case FRAME.welcome:
      t.phase = 'connected';
      t.attempt = 0;
      t.droppedAt = null;
      t.lastError = null;
      t.connection = frame.connection;
      t.connectedAt = new Date().toISOString();
      clearInterval(t.pingTimer);
      t.pingTimer = setInterval(() => send(t, frames.ping()), PING_EVERY_MS);
      if (t.ready) sendEvent(t, t.ready);
      else if (t.port) t.port.postMessage({type: 'exec', id: '__announce', op: '__announce'});
      if (t.history) sendEvent(t, t.history); // the tab's undo history index, for the bridge
      if (t.incident) { sendEvent(t, t.incident); t.incident = null; } // what happened before this pairing
      break;
    case FRAME.command:
      runCommand(t, frame);
      break;
    case FRAME.error:
      t.lastError = {code: frame.code, message: frame.message};
      if (FINAL_ERRORS.has(frame.code)) t.phase = 'rejected';
      break;
    default:
      break; // pong and anything newer: nothing to do
  }
}
