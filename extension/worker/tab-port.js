// snap-mcp, service worker: the port each Snap! tab's relay (relay.js) connects. The port is the tab's lifeline: the
// relay reconnects it as soon as it breaks, which wakes a stopped worker; a page that goes away closes its socket.
import {returnResult, forgetCommandsOf} from './commands.js';
import {pair} from './pairing.js';
import {closeSocket, ensureSocket, sendEvent} from './socket.js';
import {tabState} from './tabs.js';

function onRelayMessage(t, message) {
  if (message.type === 'result') {
    returnResult(t, message);
  } else if (message.type === 'event' && message.event) {
    if (message.event.event === 'ready') t.ready = message.event;
    if (message.event.event === 'history') t.history = message.event; // sent again after every welcome
    sendEvent(t, message.event);
  } else if (message.type === 'pair') {
    pair(t.tabId, message.code); // a code in the tab's address (#snapmcp=...)
  }
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
    forgetCommandsOf(t.tabId); // their socket closes below
    // The page went away (reload, navigation, close): its connection ends with it; a reloaded page connects anew.
    if (t.socket) {
      clearInterval(t.pingTimer);
      t.phase = 'idle';
      closeSocket(t, 'page closed or reloaded');
    }
  });
  ensureSocket(t.tabId);
});
