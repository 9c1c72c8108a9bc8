// The relay (relay.js) in a stand-in tab: a command id is answered once however often the bridge sends it, the last
// 32 answers are remembered, commands wait for the page's first word on readiness, and a tab coming into view says so.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import vm from 'node:vm';
import {newPageScope, runIn} from './load.mjs';

/** A tab with the relay loaded: what it posted to the page and to the worker, and ways to speak to it. */
function tab() {
  const toPage = [];
  const toWorker = [];
  const pageListeners = [];
  const documentListeners = {};
  let onWorker = null;
  const port = {
    onMessage: {addListener(f) { onWorker = f; }},
    onDisconnect: {addListener() {}},
    postMessage(m) { toWorker.push(m); },
  };
  const scope = newPageScope({
    location: {hash: '', origin: 'http://127.0.0.1:5173', pathname: '/snap.html', search: ''},
    history: {state: null, replaceState() {}},
    document: {visibilityState: 'hidden', addEventListener(type, f) { documentListeners[type] = f; }},
    chrome: {runtime: {id: 'test', connect: () => port}},
    setTimeout, clearTimeout,
  });
  scope.postMessage = (data) => toPage.push(data);
  scope.addEventListener = (type, f) => { if (type === 'message') pageListeners.push(f); };
  runIn(scope, ['relay-history.js', 'relay.js']);
  const window = vm.runInContext('window', scope); // the page's own window, as event.source names it
  const fromPage = (data) => pageListeners.forEach((f) => f({source: window, data}));
  return {
    scope, toPage, toWorker,
    exec(id, op = 'get_project', meta = undefined) { onWorker({type: 'exec', id, op, args: {}, meta}); },
    answer(id, value) { fromPage({snapMcp: 'response', id, ok: true, value}); },
    ready(ready = true) { fromPage({snapMcp: 'event', event: {event: 'ready', ready}}); },
    requests() { return toPage.filter((m) => m.snapMcp === 'request' && m.id !== undefined && m.op !== '__announce'); },
    results() { return toWorker.filter((m) => m.type === 'result'); },
    becomeVisible() { scope.document.visibilityState = 'visible'; documentListeners.visibilitychange(); },
  };
}

test('a command is run once and a re-sent id is answered again from memory', () => {
  const t = tab();
  t.ready();
  t.exec('t_1');
  assert.deepEqual(t.requests().map((r) => r.id), ['t_1']);
  t.answer('t_1', {name: 'Pong'});
  t.exec('t_1'); // the socket dropped before the answer reached the bridge: it sends the command again
  assert.deepEqual(t.requests().map((r) => r.id), ['t_1'], 'not run again');
  const same = {type: 'result', id: 't_1', ok: true, value: {name: 'Pong'}};
  assert.deepEqual(JSON.parse(JSON.stringify(t.results())), [same, same]);
});

test('a re-sent id still running is answered once, when it finishes', () => {
  const t = tab();
  t.ready();
  t.exec('t_run', 'run');
  t.exec('t_run', 'run');
  assert.equal(t.requests().length, 1);
  assert.equal(t.results().length, 0);
  t.answer('t_run', {finished: true});
  t.answer('t_run', {finished: true}); // a second answer for the same id is not passed on
  assert.equal(t.results().length, 1);
});

test('the last 32 answers are remembered', () => {
  const t = tab();
  t.ready();
  for (let i = 0; i < 33; i += 1) {
    t.exec(`t_${i}`);
    t.answer(`t_${i}`, {i});
  }
  t.exec('t_32');
  t.exec('t_0');
  assert.equal(t.requests().length, 34, 't_0 was forgotten and runs again; t_32 was not');
});

test('commands wait for the page to say whether it is ready, except status and stop', () => {
  const t = tab();
  t.exec('t_a', 'get_project');
  t.exec('t_s', 'status');
  t.exec('t_b', 'add_script');
  assert.deepEqual(t.requests().map((r) => r.id), ['t_s']);
  t.ready(false); // not ready, and why: the page answers not_ready itself
  assert.deepEqual(t.requests().map((r) => r.id), ['t_s', 't_a', 't_b'], 'in their order');
});

test('an answer the relay did not ask for is not passed on', () => {
  const t = tab();
  t.ready();
  t.answer('t_forged', {});
  assert.equal(t.results().length, 0);
});

test('the tab coming into view tells the worker', () => {
  const t = tab();
  t.becomeVisible();
  assert.ok(t.toWorker.some((m) => m.type === 'visible'));
});

test('a change keeps its meta in the history, and a re-sent undo id takes back one change and is answered again', async () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve)); // the history undoes one at a time, in promises
  const t = tab();
  t.ready();
  t.exec('t_add', 'add_script', {tool: 'snap_add_script', client: 'Claude Code 1.2 (pid 42)', at: '2026-12-03T10:00:00Z'});
  t.answer('t_add', {script: {id: 's1'}, change: {summary: 'added script s1', undo: {kind: 'delete_script', id: 's1'}}});
  assert.equal(t.results()[0].value.undoable, 1);
  t.exec('t_undo', 'undo');
  t.exec('t_undo', 'undo'); // sent again before the answer came: one undo
  await settle();
  const applies = t.toPage.filter((m) => m.op === 'apply_undo');
  assert.equal(applies.length, 1);
  t.answer(applies[0].id, {});
  await settle();
  t.exec('t_undo', 'undo'); // sent again after the answer: answered again, nothing more taken back
  assert.equal(t.toPage.filter((m) => m.op === 'apply_undo').length, 1);
  const undos = t.results().filter((r) => r.id === 't_undo');
  assert.equal(undos.length, 2);
  for (const undo of undos) {
    assert.equal(undo.value.undone.tool, 'snap_add_script');
    assert.equal(undo.value.undone.client, 'Claude Code 1.2 (pid 42)');
    assert.equal(undo.value.remaining, 0);
  }
});
