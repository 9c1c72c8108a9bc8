// Snap! values to JSON and back (page/values.js), with a stand-in for Snap!'s List.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {List, pageWith} from './load.mjs';

globalThis.List = List;
globalThis.Morph = class Morph {};
const page = pageWith(['values']);

test('plain values pass as they are; what JSON cannot hold becomes text or null', () => {
  assert.equal(page.toJson(12), 12);
  assert.equal(page.toJson('hello'), 'hello');
  assert.equal(page.toJson(true), true);
  assert.equal(page.toJson(null), null);
  assert.equal(page.toJson(undefined), null);
  assert.equal(page.toJson(Infinity), 'Infinity');
  assert.equal(page.toJson(NaN), 'NaN');
  assert.equal(page.toJson(new globalThis.Morph()), 'Morph');
  assert.equal(page.toJson({toString: () => 'something'}), 'something');
});

test('lists become arrays, nested', () => {
  assert.deepEqual(page.toJson(new List([1, 'a', new List([true, new List()])])), [1, 'a', [true, []]]);
});

test('a long list is cut after 10,000 items in all, marked with …', () => {
  const long = page.toJson(new List(Array.from({length: 10005}, (_, i) => i)));
  assert.equal(long.length, 10001);
  assert.equal(long[9999], 9999);
  assert.equal(long[10000], '…');
  // The budget counts items at every depth together.
  const nested = page.toJson(new List([new List(Array.from({length: 6000}, () => 1)), new List(Array.from({length: 6000}, () => 2))]));
  assert.equal(nested[0].length, 6000);
  assert.equal(nested[1].length, 3999);
  assert.equal(nested[1][3998], '…');
});

test('a list nested deeper than 20 levels is cut, marked with …', () => {
  let deep = new List([0]);
  for (let i = 0; i < 30; i += 1) deep = new List([deep]);
  let json = page.toJson(deep);
  let depth = 0;
  while (Array.isArray(json)) { json = json[0]; depth += 1; }
  assert.equal(json, '…');
  assert.equal(depth, 21);
});

test('JSON to Snap!: arrays become lists, objects lists of pairs, null 0', () => {
  const list = page.fromJson([1, 'a', [true], {k: null, n: [2]}]);
  assert.ok(list instanceof List);
  assert.equal(list.at(1), 1);
  assert.equal(list.at(2), 'a');
  assert.deepEqual(list.at(3).itemsArray(), [true]);
  const pairs = list.at(4);
  assert.deepEqual(pairs.itemsArray().map((p) => p.at(1)), ['k', 'n']);
  assert.equal(pairs.at(1).at(2), 0);
  assert.deepEqual(pairs.at(2).at(2).itemsArray(), [2]);
  assert.equal(page.fromJson(null), 0);
  assert.equal(page.fromJson('x'), 'x');
});

test('a round trip keeps arrays, and an object comes back as its pairs', () => {
  const value = [1, ['two', [3]], false];
  assert.deepEqual(page.toJson(page.fromJson(value)), value);
  assert.deepEqual(page.toJson(page.fromJson({a: 1, b: [2]})), [['a', 1], ['b', [2]]]);
});

test('toText: text as it is, anything else as JSON', () => {
  assert.equal(page.toText('hi'), 'hi');
  assert.equal(page.toText(3), '3');
  assert.equal(page.toText(new List([1, new List(['a'])])), '[1,["a"]]');
});

test('a variable frame gives its visible variables', () => {
  const frame = {vars: {score: {value: 3}, secret: {value: 1, isHidden: true}, list: {value: new List([1])}}};
  assert.deepEqual(page.varsOf(frame), {score: 3, list: [1]});
});
