// The reconnect back-off (worker/backoff.js): doubling from 250 ms to 10 s, with ±30 % jitter.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {nextAttempt, reconnectDelay} from '../worker/backoff.js';

const middle = () => 0.5;

test('the wait doubles from 250 ms and stops at 10 s', () => {
  const waits = [];
  for (let attempt = 0; attempt < 9; attempt = nextAttempt(attempt)) waits.push(reconnectDelay(attempt, middle));
  assert.deepEqual(waits, [250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
});

test('the jitter keeps each wait between 70 % and 130 %', () => {
  assert.equal(reconnectDelay(0, () => 0), 175);
  assert.equal(reconnectDelay(0, () => 0.999999), 325);
  assert.equal(reconnectDelay(3, () => 0), 1400);
  assert.equal(reconnectDelay(10, () => 0.999999), 13000);
  assert.equal(reconnectDelay(10, () => 0), 7000);
});

test('the attempt count stops at 10', () => {
  let attempt = 0;
  for (let i = 0; i < 25; i += 1) attempt = nextAttempt(attempt);
  assert.equal(attempt, 10);
  assert.equal(nextAttempt(3), 4);
});
