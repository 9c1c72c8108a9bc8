// snap-mcp, service worker (a module): one WebSocket to the bridge per paired Snap! tab (docs/protocol.md).
// This file only gathers the feature modules of worker/; each registers its own listeners at the top level, so a
// restarted worker receives the event that woke it.
//
// What survives what:
// - Pairings (session, token, port per tab) live in chrome.storage.session (worker/pairings.js): in memory only, gone
//   when the browser closes, but kept when the browser stops this worker. A restarted worker reads them and reconnects.
// - The worker is woken again by the tab's relay (relay.js), which reconnects its port as soon as it breaks
//   (worker/tab-port.js).
// - While connected, an application-level ping every 20 s keeps the worker alive (worker/socket.js).
// - A reloaded page keeps its tab id, so its pairing: its new relay connects and the tab's socket opens anew, for the
//   same session (worker/tab-port.js). A tab that is closed says `closing` on its socket first.
import './constants.js';
import './worker/tab-port.js'; // each Snap! tab's relay: commands in, results and page events out
import './worker/messages.js'; // the popup's and the options page's requests
import './worker/sites.js'; // more sites, and tabs open before the extension was installed
import {pair, unpair, restorePairings} from './worker/pairing.js';
import {pairings} from './worker/pairings.js';
import {status} from './worker/status.js';
import {tabs} from './worker/tabs.js';

restorePairings();

// For tests and the curious: chrome.runtime's service worker console can call these.
self.snapMcpWorker = {pair, unpair, status, pairings, tabs};
