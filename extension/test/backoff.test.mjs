// The reconnect back-off (worker/backoff.js): at once, then doubling from 100 ms with ±30 % jitter, at most 1 s apart
// during the bridge's 30 s grace and under 5 s after it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {FAST_FOR_MS, nextAttempt, reconnectDelay} from '../worker/backoff.js';

const middle = () => 0.5;
const highest = () => 0.999999;

test('the first try is at once, then the wait doubles from 100 ms up to 1 s during the grace', () => {
  const waits = [];
  for (let attempt = 0; attempt < 8; attempt = nextAttempt(attempt)) waits.push(reconnectDelay(attempt, 2000, middle));
  assert.deepEqual(waits, [0, 100, 200, 400, 800, 1000, 1000, 1000]);
});

test('after the grace the wait grows on, but stays under 5 s', () => {
  const waits = [];
  for (let attempt = 0; attempt < 9; attempt = nextAttempt(attempt)) {
    waits.push(reconnectDelay(attempt, FAST_FOR_MS, middle));
  }
  assert.deepEqual(waits, [0, 100, 200, 400, 800, 1600, 3200, 4900, 4900]);
});

test('a whole schedule from a drop: at most 1 s apart for 30 s, then under 5 s, never waiting more', () => {
  for (const random of [() => 0, middle, highest, Math.random]) {
    let attempt = 0;
    let since = 0;
    while (since < 120000) {
      const wait = reconnectDelay(attempt, since, random);
      if (attempt === 0) assert.equal(wait, 0, 'the first try is at once');
      assert.ok(wait <= (since < FAST_FOR_MS ? 1000 : 4999), `waited ${wait} ms ${since} ms after the drop`);
      since += wait + 5; // a failed try takes a few ms
      attempt = nextAttempt(attempt);
    }
  }
});

test('the jitter keeps each wait between 70 % and 130 %, under the ceiling', () => {
  assert.equal(reconnectDelay(1, 0, () => 0), 70);
  assert.equal(reconnectDelay(1, 0, highest), 130);
  assert.equal(reconnectDelay(4, 0, () => 0), 560);
  assert.equal(reconnectDelay(4, 0, highest), 1000, 'capped at 1 s during the grace');
  assert.equal(reconnectDelay(6, FAST_FOR_MS, () => 0), 2240);
  assert.equal(reconnectDelay(12, FAST_FOR_MS, highest), 4900);
});

test('the attempt count stops at 12', () => {
  let attempt = 0;
  for (let i = 0; i < 25; i += 1) attempt = nextAttempt(attempt);
  assert.equal(attempt, 12);
  assert.equal(nextAttempt(3), 4);
});
