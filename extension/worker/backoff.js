// snap-mcp, service worker: how long a tab waits before it tries its WebSocket again. A pure function of the attempt,
// the time since the connection dropped and a random source, so the schedule can be tested without timers.
//
// A dropped tab is usually back in moments (a reloaded page, a restarted worker, a bridge taken over by another
// client), and the bridge keeps its commands waiting for 30 s (its reconnection grace): so the first try is at once,
// the tries stay at most 1 s apart while that grace lasts, and under 5 s apart after it.

export const FAST_FOR_MS = 30000;
export const FAST_MAX_MS = 1000;
export const SLOW_MAX_MS = 4900;
const FIRST_MS = 100;
const LAST_ATTEMPT = 12; // the attempt count stops growing here; the wait stopped growing long before

/**
 * The wait before reconnect number `attempt` (0 for the first, which is at once), `sinceDropMs` after the drop:
 * doubling from 100 ms, each time between 70 % and 130 % of that at random (so many tabs do not come back in step),
 * and never more than 1 s during the first 30 s after the drop, nor more than 4.9 s after. `random` is like
 * Math.random.
 */
export function reconnectDelay(attempt, sinceDropMs, random) {
  if (attempt <= 0) return 0;
  const ceiling = sinceDropMs < FAST_FOR_MS ? FAST_MAX_MS : SLOW_MAX_MS;
  const base = FIRST_MS * 2 ** (Math.min(attempt, LAST_ATTEMPT) - 1);
  return Math.min(ceiling, Math.round(base * (0.7 + random() * 0.6)));
}

export function nextAttempt(attempt) {
  return Math.min(attempt + 1, LAST_ATTEMPT);
}
