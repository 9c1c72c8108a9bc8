// snap-mcp, page side (MAIN world): the last of the page scripts. It wires the sections the files before it
// registered (manifest.json lists them, in order, after constants.js), starts the readiness watch, answers the relay
// and installs window.snapMcp.
//
// Runs in the page's own JavaScript world because Snap!'s objects (world, IDE_Morph, Process, ...) live there.
// The files before this one each put one factory on `snapMcpSections`; this file takes that object (and the
// constants) off the page again, so the page keeps no more globals than window.snapMcp. Nothing of the page runs
// between the content scripts of one injection, so no page script sees them.
//
// The relay (relay.js, ISOLATED world) talks to this file through window.postMessage. Every message carries a
// `snapMcp` key and NEVER a `selector` key: Snap!'s own window.onmessage answers messages with a `selector` by posting
// to window.top, which on a top-level page is itself, so such a message would loop forever.
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

  // Polling is the one way to observe a page we do not own; 250 ms is cheap and keeps readiness prompt.
  setInterval(page.watch, 250);
  page.watch();

  // The relay's requests.
  window.addEventListener('message', (event) => {
    if (event.source !== window || !event.data || event.data.snapMcp !== 'request') return;
    const {id, op, args} = event.data;
    if (op === '__announce') {
      page.announceOnRequest();
      return;
    }
    page.exec(op, args).then((answer) => {
      window.postMessage(Object.assign({snapMcp: 'response', id}, answer), window.location.origin);
    });
  });

  window.snapMcp = Object.freeze({
    version: VERSION,
    readiness: page.readiness,
    exec: page.exec,
    onEvent: page.onEvent,
    announce: page.announceAgain,
  });
})();
