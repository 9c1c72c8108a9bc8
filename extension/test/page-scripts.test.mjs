// The page scripts as the manifest lists them, run together in a page without Snap!: what they leave on the page,
// a second injection, and the answers that need no Snap! at all.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {newPageScope, pageScripts, runIn} from './load.mjs';

/** A page still loading (so Snap! is not there yet) that records what the scripts start and post. */
function loadingPage() {
  const seen = {intervals: [], listeners: [], posted: []};
  const scope = newPageScope({
    document: {readyState: 'loading', hidden: false},
    location: {origin: 'http://127.0.0.1:8000'},
    setInterval: (fn, ms) => { seen.intervals.push(ms); return seen.intervals.length; },
    addEventListener: (type, fn) => seen.listeners.push({type, fn}),
    postMessage: (data, origin) => seen.posted.push({data: JSON.parse(JSON.stringify(data)), origin}),
  });
  return {scope, seen};
}

const plain = (value) => JSON.parse(JSON.stringify(value));

test('the page keeps window.snapMcp and nothing else of the scripts', () => {
  const {scope, seen} = loadingPage();
  const before = new Set(Object.getOwnPropertyNames(scope));
  runIn(scope, pageScripts());
  const added = Object.getOwnPropertyNames(scope).filter((name) => !before.has(name));
  assert.deepEqual(added, ['snapMcp']);
  assert.ok(Object.isFrozen(scope.snapMcp));
  assert.equal(scope.snapMcp.version, '0.1.0');
  assert.deepEqual(Object.keys(scope.snapMcp), ['version', 'readiness', 'exec', 'onEvent', 'announce']);
  assert.deepEqual(seen.intervals, [250]);
  assert.deepEqual(seen.listeners.map((l) => l.type), ['message']);
});

test('a second injection leaves the first copy running and starts nothing', () => {
  const {scope, seen} = loadingPage();
  runIn(scope, pageScripts());
  const first = scope.snapMcp;
  runIn(scope, pageScripts());
  assert.equal(scope.snapMcp, first);
  assert.equal(scope.snapMcpSections, undefined);
  assert.deepEqual(seen.intervals, [250]);
  assert.equal(seen.listeners.length, 1);
});

test('before Snap! is there: status answers with the reason, other ops refuse with not_ready', async () => {
  const {scope} = loadingPage();
  runIn(scope, pageScripts());
  const notReady = {ready: false, project: null, snap: null, reason: 'the Snap! page is still loading'};
  assert.deepEqual(plain(scope.snapMcp.readiness()), {ready: false, reason: 'the Snap! page is still loading', snap: null});
  assert.deepEqual(plain(await scope.snapMcp.exec('status')), {ok: true, value: {state: notReady}});
  assert.deepEqual(plain(await scope.snapMcp.exec('get_project', {})), {ok: false,
    error: {code: 'not_ready', message: 'Snap! is not ready: the Snap! page is still loading'}});
  assert.deepEqual(plain(await scope.snapMcp.exec('find_blocks', {query: 'move'})), {ok: false,
    error: {code: 'not_ready', message: "Snap!'s scripts have not loaded"}});
});

test('an unknown op is refused with every op, in their order', async () => {
  const {scope} = loadingPage();
  runIn(scope, pageScripts());
  assert.deepEqual(plain(await scope.snapMcp.exec('fly', {})), {ok: false, error: {code: 'unknown_op', message:
    'unknown op "fly"; ops: status, get_project, add_script, replace_script, delete_script, define_block, get_variables, '
    + 'set_variable, run, stop, screenshot, narrate_start, narrate_step, narrate_end, explain, find_blocks, new_project, get_project_xml, load_project, apply_undo'}});
});

test("the relay's request is answered on the page's own origin, with snapMcp and never a selector key", async () => {
  const {scope, seen} = loadingPage();
  runIn(scope, pageScripts());
  const onMessage = seen.listeners[0].fn;
  onMessage({source: {}, data: {snapMcp: 'request', id: 'r0', op: 'status'}}); // not from this window: ignored
  onMessage({source: scope.window, data: {snapMcp: 'request', id: 'r1', op: 'status', args: {}}});
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(seen.posted.length, 1);
  const {data, origin} = seen.posted[0];
  assert.equal(origin, 'http://127.0.0.1:8000');
  assert.equal(data.snapMcp, 'response');
  assert.equal(data.id, 'r1');
  assert.equal(data.ok, true);
  assert.equal('selector' in data, false);
});
