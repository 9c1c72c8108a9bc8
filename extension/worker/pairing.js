// snap-mcp, service worker: pairing a tab with a code, unpairing it, and reconnecting what was paired when the
// browser restarts this worker.
import {WORDS, parseCode} from '../protocol.js';
import {pairWithCode, pairingOf, pairings, savePairing} from './pairings.js';
import {closeSocket, ensureSocket, tabGone} from './socket.js';
import {tabState, tabs} from './tabs.js';

export async function pair(tabId, code) {
  const parsed = parseCode(code);
  if (!parsed) return {ok: false, message: WORDS.notACode};
  const t = tabState(tabId);
  await pairWithCode(tabId, Object.assign({pairedAt: new Date().toISOString()}, parsed));
  t.phase = 'connecting';
  t.lastError = null;
  t.attempt = 0;
  clearTimeout(t.reconnectTimer);
  closeSocket(t, 'paired again');
  await ensureSocket(tabId);
  return {ok: true, session: parsed.session, port: parsed.port};
}

export async function unpair(tabId) {
  const t = tabState(tabId);
  await savePairing(tabId, null);
  t.phase = 'unpaired';
  clearTimeout(t.reconnectTimer);
  clearInterval(t.pingTimer);
  closeSocket(t, 'unpaired');
  tabs.delete(tabId);
}

/** A restarted worker reconnects what was paired; the relays' ports reconnecting wake it and fill in `port`. */
export async function restorePairings() {
  const p = await pairings();
  for (const tabId of Object.keys(p).map(Number)) {
    const tab = await chrome.tabs.get(tabId).catch(() => null);
    if (!tab) await savePairing(tabId, null);
    else ensureSocket(tabId);
  }
}

// Registered at the top level so a restarted worker receives the event that woke it.
// A closed tab is gone for good: its socket (if its page has not already ended it) says so before it closes.
chrome.tabs.onRemoved.addListener(async (tabId) => {
  if (tabs.has(tabId)) tabGone(tabs.get(tabId));
  if (tabs.has(tabId) || await pairingOf(tabId)) unpair(tabId);
});
