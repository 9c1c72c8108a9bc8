// snap-mcp, service worker: the pairings (session, token, port per tab), kept in chrome.storage.session: in memory
// only, gone when the browser closes, but kept when the browser stops this worker, so a restarted worker reconnects.
//
// The token kept there is never a pairing code: a code is used once (docs/protocol.md, "The pairing code is used
// once"), and until its first handshake exchanges it for a secret it lives only in this worker's memory (`fresh`). A
// worker stopped in that moment forgets the pairing; the code is then still unused and can be pasted again.

/** tabId -> a pairing whose token is still its pairing code (not yet exchanged). */
const fresh = new Map();

export async function pairings() {
  const {pairings: p} = await chrome.storage.session.get('pairings');
  return Object.assign({}, p || {}, Object.fromEntries(fresh));
}

export async function pairingOf(tabId) {
  return fresh.get(Number(tabId)) || (await pairings())[tabId] || null;
}

/** Saves the tab's pairing (its token a secret the bridge gave), or forgets it when `pairing` is null. */
export async function savePairing(tabId, pairing) {
  fresh.delete(Number(tabId));
  const {pairings: stored} = await chrome.storage.session.get('pairings');
  const p = stored || {};
  if (pairing) p[tabId] = pairing; else delete p[tabId];
  await chrome.storage.session.set({pairings: p});
}

/** A pairing made with a code: kept in memory only until the bridge exchanges the code (savePairing then). */
export async function pairWithCode(tabId, pairing) {
  await savePairing(tabId, null);
  fresh.set(Number(tabId), pairing);
}
