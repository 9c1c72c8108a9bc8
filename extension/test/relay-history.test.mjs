// The tab's undo history in the relay (relay-history.js): what it keeps of change answers, in which order, how many,
// how undo takes the newest back through the page, and that a new page (a reload) starts empty.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {newPageScope, runIn} from './load.mjs';

const plain = (value) => JSON.parse(JSON.stringify(value));

/** A relay's history in a fresh page (as after a reload), with the page and the worker played by the test. */
function relay(options) {
  const scope = newPageScope({setTimeout, clearTimeout});
  runIn(scope, ['relay-history.js']);
  const toPage = [];
  const toWorker = [];
  const history = scope.snapMcpRelayHistory.create({
    toPage: (request) => toPage.push(plain(request)),
    toWorker: (message) => toWorker.push(plain(message)),
    now: () => '2026-12-01T10:00:00.000Z',
  }, options);
  /** The worker's command `id` runs `op`; the page answers `value`: the result the worker gets. */
  const run = (id, op, value, meta) => {
    assert.equal(history.command({type: 'exec', id, op, args: {}, meta}), false);
    return plain(history.response({snapMcp: 'response', id, ok: true, value}));
  };
  const change = (id, n, meta) => run(id, 'add_script', {script: {id: `Sprite#${n}`}, state: {ready: true},
    change: {summary: `added script Sprite#${n}`, undo: {kind: 'add_script', id: `Sprite#${n}`}}}, meta);
  /** Sends undo and lets the page answer apply_undo with `page` ({ok, value | error}); the worker's result. */
  const undo = async (id, args, page) => {
    const before = toWorker.length;
    assert.equal(history.command({type: 'exec', id, op: 'undo', args: args || {}}), true);
    await new Promise((resolve) => setImmediate(resolve));
    const request = toPage.at(-1);
    if (page && request && request.op === 'apply_undo' && !history.response(Object.assign({id: request.id}, page))) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return toWorker.slice(before).find((m) => m.type === 'result');
  };
  const lastIndex = () => toWorker.filter((m) => m.type === 'event').at(-1).event;
  return {history, toPage, toWorker, run, change, undo, lastIndex};
}

const meta = (tool, client) => ({tool, client, at: '2026-12-01T09:59:00.000Z'});

test('a change answer loses its undo, gains its entry and the history size, and the index goes to the worker', () => {
  const r = relay();
  const result = r.change('c1', 1, meta('snap_add_script', 'Claude Code 1.2 (pid 42)'));
  assert.deepEqual(result.value.change, {entry: 'c1', summary: 'added script Sprite#1'});
  assert.equal(result.value.undoable, 1);
  assert.equal(JSON.stringify(result).includes('"undo"'), false, 'no undo leaves the relay');
  assert.deepEqual(r.lastIndex(), {event: 'history', entries: [{entry: 'c1', tool: 'snap_add_script',
    client: 'Claude Code 1.2 (pid 42)', at: '2026-12-01T09:59:00.000Z', summary: 'added script Sprite#1'}]});
});

test('answers without a change pass as they are; a change of nothing is kept out of the history', () => {
  const r = relay();
  assert.deepEqual(r.run('c1', 'get_project', {name: 'x'}).value, {name: 'x'});
  const quiet = r.run('c2', 'run', {finished: true, change: null});
  assert.deepEqual(quiet.value, {finished: true, change: null, undoable: 0});
  assert.equal(r.history.size(), 0);
  const refused = r.history.response({id: 'c3', ok: false, error: {code: 'unknown_block', message: 'no'}});
  assert.deepEqual(plain(refused), {type: 'result', id: 'c3', ok: false, error: {code: 'unknown_block', message: 'no'}});
});

test('without meta (an older bridge) the entry has no tool or client and the relay\'s own time', () => {
  const r = relay();
  r.change('c1', 1, undefined);
  assert.deepEqual(r.lastIndex().entries[0], {entry: 'c1', tool: null, client: null, at: '2026-12-01T10:00:00.000Z',
    summary: 'added script Sprite#1'});
});

test('it keeps the newest 20, oldest first', () => {
  const r = relay();
  for (let i = 1; i <= 25; i++) r.change(`c${i}`, i, meta('snap_add_script', 'A'));
  assert.equal(r.history.size(), 20);
  assert.deepEqual(r.lastIndex().entries.map((e) => e.entry), Array.from({length: 20}, (_, i) => `c${i + 6}`));
});

test('it drops the oldest when the undo data outgrows its bytes, but always keeps the newest', () => {
  const r = relay({maxBytes: 100}); // each undo here is 35 bytes of JSON
  for (let i = 1; i <= 5; i++) r.change(`c${i}`, i);
  assert.deepEqual(r.lastIndex().entries.map((e) => e.entry), ['c4', 'c5']);
  const huge = relay({maxBytes: 10});
  huge.change('big', 1);
  assert.equal(huge.history.size(), 1);
});

test('undo hands the newest entry to the page, pops it on success and says which change it took back', async () => {
  const r = relay();
  r.change('a1', 1, meta('snap_add_script', 'client A'));
  r.change('b1', 2, meta('snap_add_script', 'client B'));
  const undone = await r.undo('u1', {}, {ok: true, value: {sprite: 'Sprite', deleted: 'Sprite#2', state: {ready: true}}});
  const request = r.toPage.at(-1);
  assert.equal(request.snapMcp, 'request');
  assert.equal('selector' in request, false);
  assert.deepEqual(request.args, {undo: {kind: 'add_script', id: 'Sprite#2'}, force: false});
  assert.deepEqual(undone, {type: 'result', id: 'u1', ok: true, value: {sprite: 'Sprite', deleted: 'Sprite#2',
    state: {ready: true}, remaining: 1, undone: {entry: 'b1', tool: 'snap_add_script', client: 'client B',
      at: '2026-12-01T09:59:00.000Z', summary: 'added script Sprite#2'}}});
  assert.deepEqual(r.lastIndex().entries.map((e) => e.entry), ['a1']);
  const next = await r.undo('u2', {force: true}, {ok: true, value: {}});
  assert.equal(r.toPage.at(-1).args.force, true);
  assert.equal(next.value.undone.client, 'client A');
  assert.equal(next.value.remaining, 0);
  assert.deepEqual(r.lastIndex().entries, []);
});

test('a refusal of the page passes on and the entry stays; an empty history answers nothing_to_undo', async () => {
  const r = relay();
  r.change('a1', 1);
  const refusal = {code: 'changed_by_user', message: 'changed by hand', details: {assistant: 'x', current: 'y'}};
  const refused = await r.undo('u1', {}, {ok: false, error: refusal});
  assert.deepEqual(refused, {type: 'result', id: 'u1', ok: false, error: refusal});
  assert.equal(r.history.size(), 1);
  await r.undo('u2', {}, {ok: true, value: {}});
  const nothing = await r.undo('u3', {}, null);
  assert.equal(nothing.ok, false);
  assert.equal(nothing.error.code, 'nothing_to_undo');
  assert.equal((await r.undo('u4', {force: 'yes'}, null)).error.code, 'bad_args');
});

test('undos run one at a time: a second one waits for the first and takes the next entry', async () => {
  const r = relay();
  r.change('a1', 1);
  r.change('a2', 2);
  r.history.command({type: 'exec', id: 'u1', op: 'undo', args: {}});
  r.history.command({type: 'exec', id: 'u2', op: 'undo', args: {}});
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.toPage.length, 1, 'the second waits');
  r.history.response({id: r.toPage[0].id, ok: true, value: {}});
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.toPage.length, 2);
  assert.deepEqual(r.toPage[1].args.undo, {kind: 'add_script', id: 'Sprite#1'});
  r.history.response({id: r.toPage[1].id, ok: true, value: {}});
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(r.toWorker.filter((m) => m.type === 'result').map((m) => m.value.undone.entry), ['a2', 'a1']);
});

test('a new page (a reload) has an empty history and says so', () => {
  const before = relay();
  before.change('c1', 1);
  const after = relay();
  after.history.announce();
  assert.deepEqual(after.lastIndex(), {event: 'history', entries: []});
});

test('a command answered twice (a re-sent id) is one change in the history', () => {
  const r = relay();
  r.change('c1', 1);
  const again = r.change('c1', 1);
  assert.deepEqual(again.value.change, {entry: 'c1', summary: 'added script Sprite#1'});
  assert.equal(r.history.size(), 1);
});

test('an undo sent again with the same id (its socket dropped) takes back one change and is answered again', async () => {
  const r = relay();
  r.change('a1', 1);
  r.change('a2', 2);
  r.history.command({type: 'exec', id: 'u1', op: 'undo', args: {}});
  r.history.command({type: 'exec', id: 'u1', op: 'undo', args: {}}); // while the first still runs
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.toPage.length, 1);
  r.history.response({id: r.toPage[0].id, ok: true, value: {}});
  await new Promise((resolve) => setImmediate(resolve));
  r.history.command({type: 'exec', id: 'u1', op: 'undo', args: {}}); // after it was answered
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.toPage.length, 1, 'the page was asked once');
  const answers = r.toWorker.filter((m) => m.type === 'result' && m.id === 'u1');
  assert.equal(answers.length, 2);
  assert.deepEqual(answers[0], answers[1]);
  assert.equal(r.history.size(), 1);
  assert.equal(answers[0].value.undone.entry, 'a2');
});
