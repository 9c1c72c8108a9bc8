// snap-mcp, service worker: the pairings (session, token, port per tab), kept in chrome.storage.session: in memory
// only, gone when the browser closes, but kept when the browser stops this worker, so a restarted worker reconnects.

export async function pairings() {
  const {pairings: p} = await chrome.storage.session.get('pairings');
  return p || {};
}

export async function pairingOf(tabId) {
  return (await pairings())[tabId] || null;
}

/** Saves the tab's pairing, or forgets it when `pairing` is null. */
export async function savePairing(tabId, pairing) {
  const p = await pairings();
  if (pairing) p[tabId] = pairing; else delete p[tabId];
  await chrome.storage.session.set({pairings: p});
}
