// snap-mcp, service worker: the requests of the extension's own pages (popup, options), each answered
// asynchronously. Every message has a `type` (protocol.js, MESSAGE).
import {MESSAGE, WORDS} from '../protocol.js';
import {pair, unpair} from './pairing.js';
import {addOrigin, removeOrigin} from './sites.js';
import {popupTab, status} from './status.js';
import {tabs} from './tabs.js';

async function answer(message) {
  switch (message.type) {
    case MESSAGE.popupStatus: {
      const tabId = await popupTab(message.activeTabId);
      return tabId === undefined ? {state: 'no_tab', words: WORDS.noTab} : status(tabId);
    }
    case MESSAGE.pair: {
      // Only the popup (or the options page) sends this; a tab's own code in the address arrives over its port.
      // Opened as a tab itself, the popup is the sender's tab: what it speaks about is the Snap! tab.
      const tabId = await popupTab(message.tabId);
      if (tabId === undefined || !tabs.has(tabId) || !tabs.get(tabId).port) return {ok: false, message: WORDS.noSnapTabToPair};
      return pair(tabId, message.code);
    }
    case MESSAGE.unpair:
      await unpair(await popupTab(message.tabId));
      return {ok: true};
    case MESSAGE.status:
      return status(message.tabId);
    case MESSAGE.addOrigin:
      return addOrigin(message.pattern);
    case MESSAGE.removeOrigin:
      return removeOrigin(message.pattern);
    default:
      return {ok: false, message: `unknown message ${message.type}`};
  }
}

// Registered at the top level so a restarted worker receives the event that woke it.
chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message || typeof message.type !== 'string') return false;
  answer(message).then(reply, (e) => reply({ok: false, message: String(e && e.message || e)}));
  return true; // the answer is asynchronous
});
