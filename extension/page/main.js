// snap-mcp, page side (MAIN world): the last of the page scripts. It takes the relay's private channel, wires the
// sections the files before it registered (manifest.json lists them, in order, after constants.js) and, once the page
// is Snap!'s, installs window.snapMcp, starts the readiness watch and answers the relay.
//
// Runs in the page's own JavaScript world because Snap!'s objects (world, IDE_Morph, Process, ...) live there.
// The files before this one each put one factory on `snapMcpSections`; this file takes that object (and the
// constants) off the page again, so the page keeps no more globals than window.snapMcp. Nothing of the page runs
// between the content scripts of one injection, so no page script sees them.
//
// The channel (docs/protocol.md, "The page is not trusted"): the relay (relay.js, ISOLATED world) hands this script
// one port of a MessageChannel at document_start, before any script of the page exists, in a synthetic `message`
// event on window marked by its lastEventId; whichever of the two scripts Chrome runs first, the handover happens
// before the page's first script (the later one asks or hands over at once: 'snapmcp-main' below). Only the first
// port is ever taken and only one is ever handed over, so a page script can neither read what travels on it nor
// send on it; everything this script sends goes through MessagePort's postMessage bound now, before the page could
// replace it. Nothing goes over window.postMessage. (So the extension never injects these scripts into a page that
// is already running: see worker/sites.js.)
//
// Tests call window.snapMcp.exec(op, args) directly; it answers a Promise of {ok, value} or {ok:false, error}.
(function () {
  'use strict';

  const sections = globalThis.snapMcpSections;
  delete globalThis.snapMcpSections;
  const VERSION = globalThis.snapMcpConstants.version;

  if (window.snapMcp && window.snapMcp.version === VERSION) {
    // Injected a second time (extension reloaded): the first copy keeps working; just re-announce the state.
    delete globalThis.snapMcpConstants;
    window.snapMcp.announce();
    return;
  }

  // What the channel needs, taken now, before any page script could wrap or replace it.
  const callOf = Function.prototype.bind.bind(Function.prototype.call);
  const lastEventIdOf = callOf(Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'lastEventId').get);
  const portsOf = callOf(Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'ports').get);
  const dataOf = callOf(Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get);
  const postOn = callOf(MessagePort.prototype.postMessage);
  const cancel = callOf(Event.prototype.preventDefault);
  const stopHere = callOf(Event.prototype.stopImmediatePropagation);
  const listen = callOf(EventTarget.prototype.addEventListener);
  const unlisten = callOf(EventTarget.prototype.removeEventListener);
  const dispatch = callOf(EventTarget.prototype.dispatchEvent);
  const setOnMessage = callOf(Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage').set);
  const CHANNEL = 'snapmcp-channel';

  let port = null;
  const waiting = []; // what the page said before the channel was there (it is there before any page script runs)

  function toRelay(message) {
    if (port) postOn(port, message); else if (waiting.length < 100) waiting.push(message);
  }

  function onHandover(event) {
    if (port || lastEventIdOf(event) !== CHANNEL) return;
    const ports = portsOf(event);
    if (!ports || ports.length !== 1) return;
    cancel(event); // tells the relay the port was taken
    stopHere(event);
    unlisten(window, 'message', onHandover, true);
    port = ports[0];
    setOnMessage(port, onRelayMessage);
    waiting.splice(0).forEach(toRelay);
  }
  listen(window, 'message', onHandover, true);
  dispatch(window, new CustomEvent('snapmcp-main')); // a relay that ran first hands its port over now

  // One object holds every section's functions; a section calls another's through it (page.emit, page.OpError).
  const page = {};
  Object.keys(sections).forEach((name) => {
    const part = sections[name](page);
    Object.keys(part).forEach((key) => {
      if (key in page) throw new Error(`snap-mcp: page section ${name} defines ${key} a second time`);
      page[key] = part[key];
    });
  });
  delete globalThis.snapMcpConstants; // the sections took what they need while they were made
  page.toRelay = toRelay;

  let started = false;
  let requests = [];

  function onRelayMessage(event) {
    const data = dataOf(event);
    if (!data || data.snapMcp !== 'request') return;
    if (!started) {
      if (requests.length < 100) requests.push(data); // the relay asks only once told this is Snap!
      return;
    }
    answer(data);
  }

  function answer({id, op, args}) {
    if (op === '__announce') {
      page.announceOnRequest();
      return;
    }
    page.exec(op, args).then((result) => toRelay(Object.assign({snapMcp: 'response', id}, result)));
  }

  /**
   * Snap!'s page: its IDE, or the page Snap! is built from (its world canvas and its scripts, so a Snap! whose files
   * fail to load is still reported, with the reason). Any other page on a matching address gets nothing.
   */
  function isSnap() {
    if (typeof window.IDE_Morph === 'function' && typeof window.WorldMorph === 'function') return true;
    if (!document.getElementById('world')) return false;
    const sources = Array.from(document.scripts, (s) => (s.getAttribute('src') || '').split('?')[0]);
    return ['src/morphic.js', 'src/gui.js'].every((f) => sources.some((s) => s === f || s.endsWith('/' + f)));
  }

  function start() {
    if (started || !isSnap()) return;
    started = true;
    clearInterval(detecting);
    window.snapMcp = Object.freeze({
      version: VERSION,
      readiness: page.readiness,
      exec: page.exec,
      onEvent: page.onEvent,
      announce: page.announceAgain,
    });
    toRelay({snapMcp: 'snap'}); // now the relay offers the tab (popup, pairing link) and passes commands on
    // Polling is the one way to observe a page we do not own; 250 ms is cheap and keeps readiness prompt.
    setInterval(page.watch, 250);
    page.watch();
    requests.splice(0).forEach(answer);
  }
  const detecting = setInterval(start, 250);
  document.addEventListener('DOMContentLoaded', start);
  start();
})();
