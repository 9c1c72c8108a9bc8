// snap-mcp, content script (ISOLATED world): relays between the page scripts (page/, MAIN world) and the service
// worker (worker.js, worker/tab-port.js), which holds the WebSocket to the bridge.
//
// - The port to the worker is the tab's lifeline: when the browser stops the worker, the port breaks, and reconnecting
//   it wakes the worker, which then reconnects the tab's WebSocket. So a stopped worker always comes back.
// - A pairing code in the address (#snapmcp=SESSION.TOKEN.PORT) pairs this tab; it is removed from the address at
//   once, before Snap! reads the address and before anyone copies it.
// - The page scripts are reached over a private MessageChannel whose port this script hands to page/main.js at
//   document_start, before any script of the page runs (see page/main.js); nothing goes over window.postMessage, so
//   a page script can neither read what the relay carries nor forge it.
// - The tab is offered to the worker (and so pairable, by the popup or a link) only once page/main.js says the page is
//   Snap!'s ({snapMcp: 'snap'}).
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
  let isSnap = false;
  const channel = new MessageChannel();
  const undoHistory = globalThis.snapMcpRelayHistory.create({
    toPage: (request) => channel.port1.postMessage(request),
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
    channel.port1.postMessage({snapMcp: 'request', op: '__announce'});
  }

  function onWorkerMessage(message) {
    if (message && message.type === 'exec') {
      if (message.op === '__announce') undoHistory.announce();
      if (undoHistory.command(message)) return;
      channel.port1.postMessage({snapMcp: 'request', id: message.id, op: message.op, args: message.args || {}});
    } else if (message && message.type === 'announce') {
      undoHistory.announce();
      channel.port1.postMessage({snapMcp: 'request', op: '__announce'});
    }
  }

  channel.port1.onmessage = (event) => {
    const data = event.data;
    if (!data) return;
    if (data.snapMcp === 'snap') {
      if (!isSnap) {
        isSnap = true;
        connect();
      }
    } else if (data.snapMcp === 'response') {
      const result = undoHistory.response(data);
      if (result) send(result);
    } else if (data.snapMcp === 'event' && data.event) {
      if (data.event.event === 'ready') lastReadyEvent = data.event;
      send({type: 'event', event: data.event});
    }
  };

  // The handover: one port, once, at document_start. If page/main.js ran first it takes the port now (and cancels
  // the event); else it asks with 'snapmcp-main' when it runs, before any page script, and the first ask is the
  // only one answered.
  function handOver() {
    const event = new MessageEvent('message', {lastEventId: 'snapmcp-channel', ports: [channel.port2], cancelable: true});
    return !window.dispatchEvent(event);
  }
  function onMainAsks() {
    window.removeEventListener('snapmcp-main', onMainAsks, true);
    handOver();
  }
  if (!handOver()) window.addEventListener('snapmcp-main', onMainAsks, true);

  function send(message) {
    if (!port) return; // lost while the worker restarts; the worker asks again when it needs to
    try { port.postMessage(message); } catch (e) { port = null; }
  }
})();
