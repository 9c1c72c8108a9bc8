// snap-mcp, service worker: what the popup says about a tab, and which tab it speaks about.
import {describeStatus} from '../protocol.js';
import {pairingOf} from './pairings.js';
import {matchesSnap} from './sites.js';
import {tabs} from './tabs.js';

export async function status(tabId) {
  const t = tabs.get(tabId);
  const pairing = await pairingOf(tabId);
  const ready = t && t.ready;
  const snapTab = !!(t && t.port);
  // A Snap! address without the relay: a tab open since before the extension was installed (or updated).
  const tab = snapTab || tabId === undefined ? null : await chrome.tabs.get(tabId).catch(() => null);
  const {state, words} = describeStatus({
    snapTab, pairing, phase: t ? t.phase : null, lastError: t ? t.lastError : null, ready,
    snapAddress: !!(tab && matchesSnap(tab.url)),
  });
  return {
    tabId, state, words,
    session: pairing ? pairing.session : null,
    port: pairing ? pairing.port : null,
    connection: t ? t.connection : null,
    lastError: t ? t.lastError : null,
    ready: ready || null,
  };
}

/** The tab the popup speaks about: the active tab if it is a Snap! tab, else the Snap! tab used most recently. */
export async function popupTab(activeTabId) {
  if (activeTabId !== undefined && tabs.has(activeTabId) && tabs.get(activeTabId).port) return activeTabId;
  const reachable = [];
  for (const t of tabs.values()) {
    if (!t.port) continue;
    const tab = await chrome.tabs.get(t.tabId).catch(() => null);
    if (tab) reachable.push(tab);
  }
  reachable.sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0));
  return reachable.length ? reachable[0].id : activeTabId;
}
