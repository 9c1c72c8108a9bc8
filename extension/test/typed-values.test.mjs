// Values kept with their types for undo (page/typed-values.js), with a stand-in for Snap!'s List.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {List, pageWith} from './load.mjs';

globalThis.List = List;
class OpError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const page = pageWith(['values', 'typed-values'], {OpError});

test('numbers, text, booleans and nested lists are kept as exact JSON and come back with their types', () => {
  const list = new List([1, 'two', new List([3, '4']), true]);
  const typed = page.typedOf(list);
  assert.deepEqual(typed, {json: [1, 'two', [3, '4'], true]});
  const back = page.fromTyped(typed);
  assert.ok(back instanceof List && back !== list);
  assert.deepEqual(page.toJson(back), [1, 'two', [3, '4'], true]);
  assert.deepEqual(page.typedOf(12), {json: 12});
  assert.deepEqual(page.typedOf('12'), {json: '12'});
  assert.equal(page.fromTyped(page.typedOf(12)), 12);
  assert.equal(page.fromTyped(page.typedOf('12')), '12');
});

test('12 and "12" are different values; the same items are the same value', () => {
  assert.equal(page.isTyped('12', page.typedOf(12)), false);
  assert.equal(page.isTyped(12, page.typedOf(12)), true);
  assert.equal(page.isTyped(new List([1, new List([2])]), page.typedOf(new List([1, new List([2])]))), true);
  assert.equal(page.isTyped(new List([1, new List(['2'])]), page.typedOf(new List([1, new List([2])]))), false);
});

test('what JSON cannot hold exactly is held by the page itself and comes back as the same object', () => {
  const ring = {kind: 'a ring'};
  const typed = page.typedOf(ring);
  assert.ok(typed.ref);
  assert.equal(page.fromTyped(typed), ring);
  assert.deepEqual(page.typedOf(ring), typed, 'one object, one ref');
  assert.ok(page.typedOf(Infinity).ref);
  assert.ok(page.typedOf(new List([1, ring])).ref);
  assert.throws(() => page.fromTyped({ref: 'v999999'}), (e) => e.code === 'snap_error');
});
