// snap-mcp, service worker: the port each Snap! tab's relay (relay.js) connects. The port is the tab's lifeline: the
// relay reconnects it as soon as it breaks, which wakes a stopped worker; a page that goes away ends its socket.
//
// A page going away is either coming back (a reload, or another Snap! page in the same tab: its relay connects again
// and the tab's socket is opened anew, the same session) or gone for good (the tab was closed, or left for a site the
// extension does not run on): then the socket says `closing` first, so the bridge fails what waits for the tab at
// once, as tab_closed, instead of waiting for it to come back.
import {forgetCommandsOf, releaseHeld, returnResult} from './commands.js';
import {pair} from './pairing.js';
import {detachSocket, ensureSocket, sendEvent} from './socket.js';
import {tabState} from './tabs.js';
import {frames} from '../protocol.js';

/** How long a page that went away has to show it is coming back (a closed tab's removal is seen within this). */
const GONE_CHECK_MS = 150;
/**
 * How long a page that seems to stay may take to come back before its old socket is closed quietly. Until then the
 * tab's removal (chrome.tabs.onRemoved, which a loaded machine may deliver after GONE_CHECK_MS) still says `closing`.
 */
const COMING_BACK_MS = 2000;

function onRelayMessage(t, message) {
  if (message.type === 'result') {
    returnResult(t, message);
  } else if (message.type === 'event' && message.event) {
    if (message.event.event === 'ready') t.ready = message.event;
    if (message.event.event === 'history') t.history = message.event; // sent again after every welcome
    sendEvent(t, message.event);
  } else if (message.type === 'pair') {
    pair(t.tabId, message.code); // a code in the tab's address (#snapmcp=...)
  } else if (message.type === 'visible') {
    ensureSocket(t.tabId); // a tab coming into view tries again at once, whatever the back-off said
  }
}

/** Whether the tab still shows a page the extension runs on (it can see the address only of such pages). */
async function pageStays(tabId) {
  await new Promise((resolve) => setTimeout(resolve, GONE_CHECK_MS));
  const tab = await chrome.tabs.get(tabId).catch(() => null);
  return !!(tab && (tab.pendingUrl || tab.url));
}

/**
 * Ends the socket of a page that went away: with `closing` if the tab is gone, quietly once the page is back (its
 * relay connected again) or has had COMING_BACK_MS to come back. The decision waits for the browser's events, not for
 * one look at the tab: a closed tab can still be found for a moment after its page went away.
 */
async function pageWentAway(t) {
  const socket = detachSocket(t); // a reloaded page's relay may open the tab's next socket meanwhile
  if (!socket) return;
  let leaving;
  const gone = await new Promise((resolve) => {
    leaving = {gone: () => resolve(true), back: () => resolve(false)};
    t.leaving = leaving; // socket.js tabGone and onConnect below settle it
    pageStays(t.tabId).then((stays) => { if (!stays) resolve(true); });
    setTimeout(() => resolve(false), COMING_BACK_MS);
  });
  if (t.leaving === leaving) t.leaving = null;
  if (gone && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frames.event({event: 'closing'})));
  socket.close(1000, gone ? 'tab closed' : 'page reloaded');
}

// Registered at the top level so a restarted worker receives the event that woke it.
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
    t.history = null;
    forgetCommandsOf(t.tabId);
    if (t.socket) {
      t.phase = 'idle';
      pageWentAway(t);
    }
  });
  if (t.leaving) t.leaving.back(); // the page came back: its old socket can go quietly
  releaseHeld(t);
  ensureSocket(t.tabId);
});
