// snap-mcp, service worker: how long a tab waits before it tries its WebSocket again. A pure function of the attempt
// and a random source, so the schedule can be tested without timers.

export const BACKOFF_FIRST_MS = 250;
export const BACKOFF_MAX_MS = 10000;
const LAST_ATTEMPT = 10; // the attempt count stops growing here; the wait stopped growing long before

/**
 * The wait before reconnect number `attempt` (0 for the first): doubling from 250 ms up to 10 s, each time between
 * 70 % and 130 % of that at random, so many tabs do not come back in step. `random` is like Math.random.
 */
export function reconnectDelay(attempt, random) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  return Math.round(base * (0.7 + random() * 0.6));
}

export function nextAttempt(attempt) {
  return Math.min(attempt + 1, LAST_ATTEMPT);
}
