// snap-mcp, content script (ISOLATED world): relays between the page scripts (page/, MAIN world) and the service
// worker (worker.js, worker/tab-port.js), which holds the WebSocket to the bridge.
//
// - The port to the worker is the tab's lifeline: when the browser stops the worker, the port breaks, and reconnecting
//   it wakes the worker, which then reconnects the tab's WebSocket. So a stopped worker always comes back.
// - A pairing code in the address (#snapmcp=SESSION.TOKEN.PORT) pairs this tab; it is removed from the address at
//   once, before Snap! reads the address and before anyone copies it.
// - Messages to the page carry `snapMcp` and never `selector` (Snap!'s window.onmessage would loop on those).
// - The tab's undo history lives here (relay-history.js, loaded just before): it keeps what change answers need to be
//   taken back, answers the op `undo`, and tells the bridge its index.
(function () {
  'use strict';
  if (window.__snapMcpRelay) return; // injected twice (extension installed while the tab was open, then reloaded)
  window.__snapMcpRelay = true;

  let port = null;
  let retryMs = 50;
  let lastReadyEvent = null;
  let pendingPair = null;
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
      if (message.op === '__announce') undoHistory.announce();
      if (undoHistory.command(message)) return;
      window.postMessage({snapMcp: 'request', id: message.id, op: message.op, args: message.args || {}}, location.origin);
    } else if (message && message.type === 'announce') {
      undoHistory.announce();
      window.postMessage({snapMcp: 'request', op: '__announce'}, location.origin);
    }
  }

  window.addEventListener('message', (event) => {
    if (event.source !== window || !event.data) return;
    const data = event.data;
    if (data.snapMcp === 'response') {
      const result = undoHistory.response(data);
      if (result) send(result);
    } else if (data.snapMcp === 'event' && data.event) {
      if (data.event.event === 'ready') lastReadyEvent = data.event;
      send({type: 'event', event: data.event});
    }
  });

  function send(message) {
    if (!port) return; // lost while the worker restarts; the worker asks again when it needs to
    try { port.postMessage(message); } catch (e) { port = null; }
  }

  connect();
})();
