// snap-mcp, page side (MAIN world), section "events": what the page tells the relay (and so the bridge) unasked:
// readiness as it changes, a project opened, a runtime error.
//
// Events go to the relay over the private channel (page.toRelay, page/main.js), never over window.postMessage.
(function (sections) {
  'use strict';

  sections.events = function (page) {
    const NOT_READY_AFTER_MS = 20000;

    const started = Date.now();
    const listeners = [];
    let lastAnnounced = null; // JSON of the last readiness event sent
    let notReadyReported = false;
    let lastProjectName = null;

    function emit(event) {
      const payload = page.capAll(Object.assign({at: new Date().toISOString()}, event));
      page.toRelay({snapMcp: 'event', event: payload});
      listeners.forEach((l) => {
        try { l(payload); } catch (e) { /* a listener's failure is its own */ }
      });
    }

    function announce() {
      const r = page.readiness();
      let event;
      if (r.ready) {
        event = {event: 'ready', ready: true, snap: r.snap, project: r.project};
      } else if (page.everReady() || Date.now() - started >= NOT_READY_AFTER_MS) {
        // Before the bound a slow load is normal: say nothing yet. After it (or after having been ready) say why.
        event = {event: 'ready', ready: false, reason: page.everReady() ? r.reason
          : `Snap! has not finished loading after ${NOT_READY_AFTER_MS / 1000} s: ${r.reason}`, snap: r.snap};
      } else {
        return;
      }
      lastAnnounced = JSON.stringify(event);
      emit(event);
    }

    function watch() {
      const r = page.readiness();
      if (r.ready) {
        if (!page.everReady()) page.installHooks();
        page.markEverReady();
        notReadyReported = false;
        if (lastProjectName !== null && lastProjectName !== r.project) {
          emit({event: 'project', project: r.project});
        }
        lastProjectName = r.project;
      }
      const overdue = !page.everReady() && Date.now() - started >= NOT_READY_AFTER_MS;
      const changed = lastAnnounced === null
        ? (r.ready || overdue)
        : JSON.parse(lastAnnounced).ready !== r.ready;
      if (changed || (overdue && !notReadyReported && !r.ready)) {
        if (overdue && !r.ready) notReadyReported = true;
        announce();
      }
    }

    /** The relay asks (it connected, or the worker wants to know): say the state now, changed or not. */
    function announceOnRequest() {
      lastAnnounced = null;
      watch();
      if (lastAnnounced === null) announce();
    }

    /** A second injection of the page scripts found this copy running: it speaks again instead. */
    function announceAgain() {
      lastAnnounced = null;
      announce();
    }

    return {
      emit, watch, announceOnRequest, announceAgain,
      onEvent(listener) { listeners.push(listener); },
    };
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
