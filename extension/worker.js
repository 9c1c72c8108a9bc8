// snap-mcp, service worker: one WebSocket to the bridge per paired Snap! tab (docs/protocol.md).
//
// Why here: the worker's WebSocket carries the extension's own Origin (chrome-extension://<id>, fixed by the
// manifest's key), which the bridge allows whatever site Snap! is served from.
//
// What survives what:
// - Pairings (session, token, port per tab) live in chrome.storage.session: in memory only, gone when the browser
//   closes, but kept when the browser stops this worker. A restarted worker reads them and reconnects.
// - The worker is woken again by the tab's relay (relay.js), which reconnects its port as soon as it breaks.
// - While connected, an application-level {"type":"ping"} every 20 s keeps the worker alive (MV3 workers sleep after
//   30 s without events; WebSocket traffic counts as activity).
'use strict';

const EXTENSION_VERSION = chrome.runtime.getManifest().version;
const PING_EVERY_MS = 20000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10000;
const HELLO_WAITS_FOR_READY_MS = 1000;
// Errors after which reconnecting cannot help: the user must pair again (or the tab was replaced on purpose).
const FINAL_ERRORS = new Set(['unauthorized', 'expired', 'replaced']);
const SNAP_MATCHES = ['https://snap.berkeley.edu/snap/*', 'https://snap.berkeley.edu/snap.html*',
  'http://127.0.0.1/*', 'http://localhost/*'];
// The page scripts (MAIN world, in their order) and the relay, as manifest.json lists them: the one list of them.
const PAGE_SCRIPTS = chrome.runtime.getManifest().content_scripts.find((s) => s.world === 'MAIN').js;
const RELAY_SCRIPTS = chrome.runtime.getManifest().content_scripts.find((s) => s.world !== 'MAIN').js;

/** tabId -> live state of that tab (rebuilt after a worker restart). */
const tabs = new Map();

function tabState(tabId) {
  let t = tabs.get(tabId);
  if (!t) {
    t = {tabId, port: null, socket: null, phase: 'idle', attempt: 0, reconnectTimer: null, pingTimer: null,
      connection: null, lastError: null, ready: null, url: null, title: null, connectedAt: null};
    tabs.set(tabId, t);
  }
  return t;
}

// ------------------------------------------------------------------------------------------------------------------
// Pairings (chrome.storage.session)

async function pairings() {
  const {pairings: p} = await chrome.storage.session.get('pairings');
  return p || {};
}

async function pairingOf(tabId) {
  return (await pairings())[tabId] || null;
}

async function savePairing(tabId, pairing) {
  const p = await pairings();
  if (pairing) p[tabId] = pairing; else delete p[tabId];
  await chrome.storage.session.set({pairings: p});
}

/** Parses SESSION.TOKEN.PORT (docs/protocol.md, "Pairing code"). */
function parseCode(code) {
  const text = String(code || '').trim().replace(/^#?snapmcp=/, '');
  const parts = text.split('.');
  if (parts.length < 3) return null;
  const session = parts[0];
  const port = Number(parts[parts.length - 1]);
  const token = parts.slice(1, -1).join('.');
  if (!/^sess_[A-Za-z0-9_-]+$/.test(session) || !token || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return {session, token, port};
}

// ------------------------------------------------------------------------------------------------------------------
// The WebSocket of one tab

async function ensureSocket(tabId) {
  const t = tabState(tabId);
  const pairing = await pairingOf(tabId);
  if (!pairing) return;
  if (t.socket && (t.socket.readyState === WebSocket.OPEN || t.socket.readyState === WebSocket.CONNECTING)) return;
  if (t.phase === 'rejected') return;
  clearTimeout(t.reconnectTimer);
  t.reconnectTimer = null;
  open(t, pairing);
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
  socket.onopen = async () => {
    const tab = await chrome.tabs.get(t.tabId).catch(() => null);
    await readinessKnown(t, HELLO_WAITS_FOR_READY_MS); // so the hello can say which Snap! connected
    if (t.socket !== socket || socket.readyState !== WebSocket.OPEN) return;
    send(t, {
      type: 'hello',
      session: pairing.session,
      token: pairing.token,
      client: {extension: EXTENSION_VERSION, snap: (t.ready && t.ready.snap) || null, userAgent: navigator.userAgent},
      tab: {url: (tab && tab.url) || t.url, title: (tab && tab.title) || t.title},
    });
  };
  socket.onmessage = (event) => {
    let frame;
    try { frame = JSON.parse(event.data); } catch (e) { return; }
    onFrame(t, socket, frame);
  };
  socket.onclose = (event) => {
    if (t.socket !== socket) return; // an older socket of this tab
    clearInterval(t.pingTimer);
    t.socket = null;
    t.connection = null;
    if (t.phase === 'rejected' || t.phase === 'unpaired') return;
    if (event.code === 1008 && !t.lastError) t.lastError = {code: 'refused', message: event.reason || 'the bridge refused the connection'};
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

function scheduleReconnect(t) {
  t.phase = 'connecting';
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** t.attempt);
  const delay = Math.round(base * (0.7 + Math.random() * 0.6)); // jitter: many tabs do not come back in step
  t.attempt = Math.min(t.attempt + 1, 10);
  clearTimeout(t.reconnectTimer);
  t.reconnectTimer = setTimeout(() => {
    t.reconnectTimer = null;
    ensureSocket(t.tabId);
  }, delay);
}

function onFrame(t, socket, frame) {
  switch (frame.type) {
    case 'welcome':
      t.phase = 'connected';
      t.attempt = 0;
      t.lastError = null;
      t.connection = frame.connection;
      t.connectedAt = new Date().toISOString();
      clearInterval(t.pingTimer);
      t.pingTimer = setInterval(() => send(t, {type: 'ping'}), PING_EVERY_MS);
      if (t.ready) sendEvent(t, t.ready);
      else if (t.port) t.port.postMessage({type: 'exec', id: '__announce', op: '__announce'});
      break;
    case 'command':
      runCommand(t, frame);
      break;
    case 'error':
      t.lastError = {code: frame.code, message: frame.message};
      if (FINAL_ERRORS.has(frame.code)) t.phase = 'rejected';
      break;
    default:
      break; // pong and anything newer: nothing to do
  }
}

function send(t, frame) {
  if (t.socket && t.socket.readyState === WebSocket.OPEN) t.socket.send(JSON.stringify(frame));
}

function sendEvent(t, event) {
  send(t, Object.assign({type: 'event'}, event));
}

// ------------------------------------------------------------------------------------------------------------------
// Commands: bridge -> worker -> relay -> page, and back

const pending = new Map(); // command id -> tabId

function runCommand(t, frame) {
  if (!t.port) {
    send(t, {type: 'result', id: frame.id, ok: false,
      error: {code: 'not_ready', message: 'the Snap! tab is not reachable right now (is it still loading? reload it if this lasts)'}});
    return;
  }
  pending.set(frame.id, t.tabId);
  t.port.postMessage({type: 'exec', id: frame.id, op: frame.op, args: frame.args || {}});
}

function onRelayMessage(t, message) {
  if (message.type === 'result') {
    if (!pending.has(message.id)) return;
    pending.delete(message.id);
    const result = {type: 'result', id: message.id, ok: !!message.ok};
    if (message.ok) result.value = message.value; else result.error = message.error;
    send(t, result);
  } else if (message.type === 'event' && message.event) {
    if (message.event.event === 'ready') t.ready = message.event;
    sendEvent(t, message.event);
  } else if (message.type === 'pair') {
    pair(t.tabId, message.code);
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Pairing, unpairing, status (popup and relay)

async function pair(tabId, code) {
  const parsed = parseCode(code);
  if (!parsed) {
    return {ok: false, message: 'That is not a pairing code. It looks like sess_….….7627: copy it whole from your assistant (snap_pair) or from `snap-mcp session new`.'};
  }
  const t = tabState(tabId);
  await savePairing(tabId, Object.assign({pairedAt: new Date().toISOString()}, parsed));
  t.phase = 'connecting';
  t.lastError = null;
  t.attempt = 0;
  clearTimeout(t.reconnectTimer);
  if (t.socket) {
    const old = t.socket;
    t.socket = null;
    old.close(1000, 'paired again');
  }
  await ensureSocket(tabId);
  return {ok: true, session: parsed.session, port: parsed.port};
}

async function unpair(tabId) {
  const t = tabState(tabId);
  await savePairing(tabId, null);
  t.phase = 'unpaired';
  clearTimeout(t.reconnectTimer);
  clearInterval(t.pingTimer);
  if (t.socket) {
    const old = t.socket;
    t.socket = null;
    old.close(1000, 'unpaired');
  }
  tabs.delete(tabId);
}

async function status(tabId) {
  const t = tabs.get(tabId);
  const pairing = await pairingOf(tabId);
  const snapTab = !!(t && t.port);
  const ready = t && t.ready;
  let state;
  let words;
  if (!snapTab && !pairing) {
    state = 'no_snap';
    words = 'This tab is not a Snap! page the extension can reach.';
  } else if (!pairing) {
    state = 'not_paired';
    words = 'Not paired. Ask your assistant to pair (snap_pair) and paste the code here.';
  } else if (t && t.phase === 'rejected') {
    state = 'rejected';
    words = t.lastError && t.lastError.code === 'expired' ? 'The pairing code has expired. Get a new one (snap_pair) and paste it here.'
      : t.lastError && t.lastError.code === 'replaced' ? 'Another tab took over this session. Pair this tab again to use it.'
        : 'snap-mcp refused this pairing code. Get a new one (snap_pair) and paste it here.';
  } else if (!t || t.phase !== 'connected') {
    state = 'connecting';
    words = `Connecting to snap-mcp on port ${pairing.port}… (is \`snap-mcp serve\` or \`snap-mcp bridge\` running?)`;
  } else if (!ready || !ready.ready) {
    state = 'snap_not_ready';
    words = `Connected, but Snap! is not ready${ready && ready.reason ? ': ' + ready.reason : ' yet'}.`;
  } else {
    state = 'connected';
    words = 'Connected. Your assistant can use this Snap! tab.';
  }
  return {
    tabId, state, words,
    session: pairing ? pairing.session : null,
    port: pairing ? pairing.port : null,
    connection: t ? t.connection : null,
    lastError: t ? t.lastError : null,
    ready: ready || null,
  };
}

/** The tab the popup speaks about: the active tab if it is a Snap! tab, else the Snap! tab used most recently. */
async function popupTab(activeTabId) {
  if (activeTabId !== undefined && tabs.has(activeTabId) && tabs.get(activeTabId).port) return activeTabId;
  const reachable = [];
  for (const t of tabs.values()) {
    if (!t.port) continue;
    const tab = await chrome.tabs.get(t.tabId).catch(() => null);
    if (tab) reachable.push(tab);
  }
  reachable.sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0));
  return reachable.length ? reachable[0].id : activeTabId;
}

// ------------------------------------------------------------------------------------------------------------------
// Listeners, registered at the top level so a restarted worker receives the event that woke it.

chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== 'snap-tab' || !port.sender || !port.sender.tab) return;
  const t = tabState(port.sender.tab.id);
  t.port = port;
  t.url = port.sender.tab.url;
  t.title = port.sender.tab.title;
  port.onMessage.addListener((message) => onRelayMessage(t, message));
  port.onDisconnect.addListener(() => {
    if (t.port !== port) return;
    t.port = null;
    t.ready = null;
    for (const [id, tabId] of pending) if (tabId === t.tabId) pending.delete(id); // their socket closes below
    // The page went away (reload, navigation, close): its connection ends with it; a reloaded page connects anew.
    if (t.socket) {
      const old = t.socket;
      t.socket = null;
      clearInterval(t.pingTimer);
      t.phase = 'idle';
      old.close(1000, 'page closed or reloaded');
    }
  });
  ensureSocket(t.tabId);
});

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message || typeof message.type !== 'string') return false;
  (async () => {
    if (message.type === 'popup-status') {
      const tabId = await popupTab(message.activeTabId);
      return tabId === undefined ? {state: 'no_tab', words: 'No tab.'} : status(tabId);
    }
    if (message.type === 'pair') {
      // Only the popup (or the options page) sends this; a tab's own code in the address arrives over its port.
      // Opened as a tab itself, the popup is the sender's tab: what it speaks about is the Snap! tab.
      const tabId = await popupTab(message.tabId);
      if (tabId === undefined || !tabs.has(tabId) || !tabs.get(tabId).port) {
        return {ok: false, message: 'Open Snap! in a tab first: the extension works on snap.berkeley.edu/snap and on '
          + 'Snap! served from 127.0.0.1 or localhost (more sites in Settings).'};
      }
      return pair(tabId, message.code);
    }
    if (message.type === 'unpair') {
      await unpair(await popupTab(message.tabId));
      return {ok: true};
    }
    if (message.type === 'status') return status(message.tabId);
    if (message.type === 'add-origin') return addOrigin(message.pattern);
    if (message.type === 'remove-origin') return removeOrigin(message.pattern);
    return {ok: false, message: `unknown message ${message.type}`};
  })().then(reply, (e) => reply({ok: false, message: String(e && e.message || e)}));
  return true; // the answer is asynchronous
});

chrome.tabs.onRemoved.addListener(async (tabId) => {
  if (tabs.has(tabId) || await pairingOf(tabId)) unpair(tabId);
});

// Tabs open before the extension was installed (or updated) get the page scripts now: Snap! is usually ready by then.
chrome.runtime.onInstalled.addListener(async () => {
  const open = await chrome.tabs.query({url: SNAP_MATCHES}).catch(() => []);
  for (const tab of open) {
    try {
      await chrome.scripting.executeScript({target: {tabId: tab.id}, world: 'MAIN', files: PAGE_SCRIPTS});
      await chrome.scripting.executeScript({target: {tabId: tab.id}, files: RELAY_SCRIPTS});
    } catch (e) { /* a tab we may not script (e.g. an error page) */ }
  }
});

// ------------------------------------------------------------------------------------------------------------------
// More sites (options page): an optional host permission the user granted, plus content scripts registered for it.

function scriptIds(pattern) {
  return [`page:${pattern}`, `relay:${pattern}`];
}

async function addOrigin(pattern) {
  if (!(await chrome.permissions.contains({origins: [pattern]}))) {
    return {ok: false, message: 'Chrome has not allowed that site.'};
  }
  const {extraOrigins = []} = await chrome.storage.local.get('extraOrigins');
  if (!extraOrigins.includes(pattern)) extraOrigins.push(pattern);
  await chrome.storage.local.set({extraOrigins});
  const [pageId, relayId] = scriptIds(pattern);
  const existing = await chrome.scripting.getRegisteredContentScripts({ids: [pageId, relayId]});
  if (existing.length) await chrome.scripting.unregisterContentScripts({ids: existing.map((s) => s.id)});
  await chrome.scripting.registerContentScripts([
    {id: pageId, matches: [pattern], js: PAGE_SCRIPTS, runAt: 'document_start', world: 'MAIN'},
    {id: relayId, matches: [pattern], js: RELAY_SCRIPTS, runAt: 'document_start'},
  ]);
  return {ok: true};
}

async function removeOrigin(pattern) {
  const {extraOrigins = []} = await chrome.storage.local.get('extraOrigins');
  await chrome.storage.local.set({extraOrigins: extraOrigins.filter((p) => p !== pattern)});
  const registered = await chrome.scripting.getRegisteredContentScripts({ids: scriptIds(pattern)});
  if (registered.length) await chrome.scripting.unregisterContentScripts({ids: registered.map((s) => s.id)});
  return {ok: true};
}

// A restarted worker reconnects what was paired; the relays' ports reconnecting wake it and fill in `port`.
(async () => {
  const p = await pairings();
  for (const tabId of Object.keys(p).map(Number)) {
    const tab = await chrome.tabs.get(tabId).catch(() => null);
    if (!tab) await savePairing(tabId, null);
    else ensureSocket(tabId);
  }
})();

// For tests and the curious: chrome.runtime's service worker console can call these.
self.snapMcpWorker = {pair, unpair, status, pairings, tabs};
