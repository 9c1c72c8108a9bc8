// snap-mcp, content script (ISOLATED world): relays between the page scripts (page/, MAIN world) and the service
// worker (worker.js, worker/tab-port.js), which holds the WebSocket to the bridge.
//
// - The port to the worker is the tab's lifeline: when the browser stops the worker, the port breaks, and reconnecting
//   it wakes the worker, which then reconnects the tab's WebSocket. So a stopped worker always comes back.
// - A pairing code in the address (#snapmcp=SESSION.TOKEN.PORT) pairs this tab; it is removed from the address at
//   once, before Snap! reads the address and before anyone copies it.
// - A command id is answered once (docs/protocol.md, "The tab's relay"): the bridge sends a command again, under the
//   same id, when the socket dropped before its answer came. The relay keeps the answers of the last 32 ids and gives
//   an id it already answered the same answer without running it again; an id still running is answered once, when
//   it finishes. This lives here, in the page's own lifetime: a restarted worker forgets, a reloaded page starts anew.
// - Commands wait for the page to say whether Snap! is ready (a reloaded page is still loading when its tab
//   reconnects): the first readiness event lets them through, ready or not (a page that is not ready answers
//   not_ready with the reason). `status` and `stop` never wait.
// - The tab coming into view is a moment to reconnect at once (a background tab's timers are slowed down).
// - Messages to the page carry `snapMcp` and never `selector` (Snap!'s window.onmessage would loop on those).
// - The tab's undo history lives here (relay-history.js, loaded just before): it keeps what change answers need to be
//   taken back, answers the op `undo`, and tells the bridge its index.
(function () {
  'use strict';
  if (window.__snapMcpRelay) return; // injected twice (extension installed while the tab was open, then reloaded)
  window.__snapMcpRelay = true;

  const REMEMBERED = 32; // answered ids kept
  const READY_WAIT_MS = 25000; // the page says "not ready, and why" after 20 s at the latest
  const NEVER_WAIT = new Set(['status', 'stop']);

  let port = null;
  let retryMs = 50;
  let lastReadyEvent = null;
  let pendingPair = null;
  const answered = new Map(); // command id -> its result message, oldest first
  const running = new Set(); // command ids the page is running
  let waiting = []; // commands held until the page said whether it is ready
  let waitTimer = null;
  const undoHistory = globalThis.snapMcpRelayHistory.create({
    toPage: (request) => window.postMessage(request, location.origin),
    toWorker: (message) => send(message),
    now: () => new Date().toISOString(),
  });

  const match = /(?:^#|&)snapmcp=([^&]+)/.exec(location.hash);
  if (match) {
    pendingPair = decodeURIComponent(match[1]);
    const rest = location.hash.replace(/(^#|&)snapmcp=[^&]+/, '$1').replace(/^#&/, '#');
    window.history.replaceState(window.history.state, '', location.pathname + location.search + (rest === '#' ? '' : rest));
  }

  function alive() {
    try { return !!chrome.runtime && !!chrome.runtime.id; } catch (e) { return false; }
  }

  function connect() {
    if (!alive()) return; // the extension was removed or reloaded: a fresh copy of this script takes over
    try {
      port = chrome.runtime.connect({name: 'snap-tab'});
    } catch (e) {
      port = null;
      setTimeout(connect, retryMs = Math.min(retryMs * 2, 2000));
      return;
    }
    const connectedAt = Date.now();
    port.onMessage.addListener(onWorkerMessage);
    port.onDisconnect.addListener(() => {
      port = null;
      // The worker stopped (or is restarting): come back to wake it. A port that broke at once (a worker failing
      // to start) backs off, so a broken extension does not spin; a port that lived a while comes back at once.
      retryMs = Date.now() - connectedAt > 1000 ? 50 : Math.min(retryMs * 2, 5000);
      setTimeout(connect, retryMs);
    });
    if (pendingPair) {
      port.postMessage({type: 'pair', code: pendingPair});
      pendingPair = null;
    }
    if (lastReadyEvent) port.postMessage({type: 'event', event: lastReadyEvent});
    undoHistory.announce();
    window.postMessage({snapMcp: 'request', op: '__announce'}, location.origin);
  }

  function onWorkerMessage(message) {
    if (message && message.type === 'exec') {
      exec(message);
    } else if (message && message.type === 'announce') {
      undoHistory.announce();
      window.postMessage({snapMcp: 'request', op: '__announce'}, location.origin);
    }
  }

  /**
   * A command from the bridge: answered from memory, left to the run in progress, held, or run. The op `undo` is the
   * history's (relay-history.js), which answers a re-sent undo id once by itself.
   */
  function exec(message) {
    const {id, op} = message;
    if (typeof op === 'string' && op.startsWith('__')) { // the worker's own requests (__announce): no answer
      if (op === '__announce') undoHistory.announce();
      toPage(message);
      return;
    }
    if (op !== 'undo') {
      if (answered.has(id)) {
        send(answered.get(id));
        return;
      }
      if (running.has(id)) return; // answered once, when it finishes
      running.add(id);
    }
    if (lastReadyEvent || NEVER_WAIT.has(op)) {
      run(message);
      return;
    }
    waiting.push(message);
    if (!waitTimer) waitTimer = setTimeout(release, READY_WAIT_MS);
  }

  /** Hands a command to the history (undo) or, noting its meta for the history, to the page. */
  function run(message) {
    if (!undoHistory.command(message)) toPage(message);
  }

  function toPage(message) {
    window.postMessage({snapMcp: 'request', id: message.id, op: message.op, args: message.args || {}},
      location.origin);
  }

  function release() {
    clearTimeout(waitTimer);
    waitTimer = null;
    const held = waiting;
    waiting = [];
    held.forEach(run);
  }

  function remember(id, result) {
    answered.set(id, result);
    while (answered.size > REMEMBERED) answered.delete(answered.keys().next().value);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== window || !event.data) return;
    const data = event.data;
    if (data.snapMcp === 'response') {
      const result = undoHistory.response(data); // null for the history's own requests (apply_undo)
      if (!result || !running.has(data.id)) return; // not a command this relay passed on, or already answered
      running.delete(data.id);
      remember(data.id, result);
      send(result);
    } else if (data.snapMcp === 'event' && data.event) {
      if (data.event.event === 'ready') {
        lastReadyEvent = data.event;
        if (waiting.length) release();
      }
      send({type: 'event', event: data.event});
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') send({type: 'visible'});
  });

  function send(message) {
    if (!port) return; // lost while the worker restarts; the bridge sends the command again, answered from memory
    try { port.postMessage(message); } catch (e) { port = null; }
  }

  connect();
})();
