// The page scripts as the manifest lists them, run together in a page without Snap!: the private channel to the relay,
// what they leave on the page (nothing until the page is Snap!'s), a second injection, and the answers that need no
// Snap! at all. The DOM's events and MessagePort are small stand-ins (fakeDom): node has no window.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {newPageScope, pageScripts, runIn} from './load.mjs';

function fakeDom() {
  const listeners = new WeakMap();
  const of = (target, type) => {
    if (!listeners.has(target)) listeners.set(target, {});
    const all = listeners.get(target);
    return (all[type] = all[type] || []);
  };
  class EventTarget {
    addEventListener(type, fn) { of(this, type).push(fn); }
    removeEventListener(type, fn) { const list = of(this, type); if (list.includes(fn)) list.splice(list.indexOf(fn), 1); }
    dispatchEvent(event) {
      for (const fn of of(this, event.type).slice()) {
        fn.call(this, event);
        if (event.stopped) break;
      }
      return !event.defaultPrevented;
    }
  }
  class Event {
    constructor(type, init = {}) { Object.assign(this, {type, cancelable: !!init.cancelable, defaultPrevented: false}); }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopImmediatePropagation() { this.stopped = true; }
  }
  class CustomEvent extends Event {}
  class MessageEvent extends Event {
    constructor(type, init = {}) {
      super(type, init);
      Object.assign(this, {_data: init.data, _ports: init.ports || [], _id: init.lastEventId || ''});
    }
    get data() { return this._data; }
    get ports() { return this._ports; }
    get lastEventId() { return this._id; }
  }
  class MessagePort extends EventTarget {
    postMessage(message) {
      const copy = JSON.parse(JSON.stringify(message));
      const other = this.other;
      Promise.resolve().then(() => other && other.handler && other.handler(new MessageEvent('message', {data: copy})));
    }
    get onmessage() { return this.handler; }
    set onmessage(fn) { this.handler = fn; }
  }
  function channel() {
    const port1 = new MessagePort();
    const port2 = new MessagePort();
    Object.assign(port1, {other: port2});
    Object.assign(port2, {other: port1});
    return {port1, port2};
  }
  return {EventTarget, Event, CustomEvent, MessageEvent, MessagePort, channel};
}

/** A page still loading (so Snap! is not there yet) that records what the scripts start and what goes over window. */
function loadingPage() {
  const dom = fakeDom();
  const seen = {intervals: [], posted: []};
  const scope = newPageScope({
    document: {readyState: 'loading', hidden: false, scripts: [], getElementById: () => null, addEventListener() {}},
    location: {origin: 'http://127.0.0.1:8000'},
    setInterval: (fn, ms) => { seen.intervals.push({fn, ms}); return seen.intervals.length; },
    clearInterval: (id) => { seen.intervals[id - 1].cleared = true; },
    EventTarget: dom.EventTarget, Event: dom.Event, CustomEvent: dom.CustomEvent, MessageEvent: dom.MessageEvent,
    MessagePort: dom.MessagePort,
    postMessage: (data) => seen.posted.push(data),
  });
  // The page's window is an EventTarget.
  Object.setPrototypeOf(scope, dom.EventTarget.prototype);
  return {scope, seen, dom};
}

/** The relay's side: hands over port2 of a channel the way relay.js does; true when the page scripts took it. */
function handOver(scope, dom, port) {
  const event = new dom.MessageEvent('message', {lastEventId: 'snapmcp-channel', ports: [port], cancelable: true});
  return !dom.EventTarget.prototype.dispatchEvent.call(scope.window, event);
}

/** The page becomes Snap!'s: its IDE's classes appear, and the detection poll runs. */
function becomeSnap(scope, seen) {
  scope.IDE_Morph = function IDE_Morph() {};
  scope.WorldMorph = function WorldMorph() {};
  seen.intervals[0].fn();
}

const plain = (value) => JSON.parse(JSON.stringify(value));
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Page scripts loaded after the relay (which waits for 'snapmcp-main'), and the relay's port. */
function withRelayFirst() {
  const page = loadingPage();
  const relay = page.dom.channel();
  relay.received = [];
  relay.port1.onmessage = (event) => relay.received.push(event.data);
  relay.taken = handOver(page.scope, page.dom, relay.port2);
  page.dom.EventTarget.prototype.addEventListener.call(page.scope.window, 'snapmcp-main', () => {
    relay.taken = handOver(page.scope, page.dom, relay.port2);
  });
  runIn(page.scope, pageScripts());
  return Object.assign(page, {relay});
}

test('until the page is Snap!\'s the scripts leave nothing on it; then window.snapMcp and nothing else', () => {
  const {scope, seen} = loadingPage();
  const before = new Set(Object.getOwnPropertyNames(scope));
  runIn(scope, pageScripts());
  assert.deepEqual(Object.getOwnPropertyNames(scope).filter((name) => !before.has(name)), []);
  becomeSnap(scope, seen);
  const added = Object.getOwnPropertyNames(scope).filter((name) => !before.has(name));
  assert.deepEqual(added.filter((n) => !['IDE_Morph', 'WorldMorph'].includes(n)), ['snapMcp']);
  assert.ok(Object.isFrozen(scope.snapMcp));
  assert.equal(scope.snapMcp.version, '0.1.0');
  assert.deepEqual(Object.keys(scope.snapMcp), ['version', 'readiness', 'exec', 'onEvent', 'announce']);
  assert.deepEqual(seen.intervals.map((i) => [i.ms, !!i.cleared]), [[250, true], [250, false]]);
});

test('the relay\'s port is taken once, whichever script ran first; a page\'s later port never', () => {
  const relayFirst = withRelayFirst();
  assert.equal(relayFirst.relay.taken, true);
  const forged = relayFirst.dom.channel();
  assert.equal(handOver(relayFirst.scope, relayFirst.dom, forged.port2), false, 'a second port is refused');

  const {scope, dom} = loadingPage();
  runIn(scope, pageScripts());
  const relay = dom.channel();
  assert.equal(handOver(scope, dom, relay.port2), true, 'the page scripts ran first: they take it at once');
  assert.equal(handOver(scope, dom, dom.channel().port2), false);
});

test('requests and answers travel on the channel only, never over window.postMessage, once the page is Snap!\'s', async () => {
  const {scope, seen, relay} = withRelayFirst();
  relay.port1.postMessage({snapMcp: 'request', id: 'r1', op: 'status', args: {}});
  await tick();
  assert.deepEqual(relay.received, [], 'held until the page is Snap!\'s');
  becomeSnap(scope, seen);
  await tick();
  await tick();
  assert.equal(relay.received[0].snapMcp, 'snap');
  const response = relay.received.find((m) => m.snapMcp === 'response');
  assert.equal(response.id, 'r1');
  assert.equal(response.ok, true);
  assert.equal('selector' in response, false);
  assert.deepEqual(seen.posted, []);
});

test('a second injection leaves the first copy running and starts nothing', () => {
  const {scope, seen} = loadingPage();
  runIn(scope, pageScripts());
  becomeSnap(scope, seen);
  const first = scope.snapMcp;
  runIn(scope, pageScripts());
  assert.equal(scope.snapMcp, first);
  assert.equal(scope.snapMcpSections, undefined);
  assert.equal(scope.snapMcpConstants, undefined);
  assert.equal(seen.intervals.length, 2);
});

test('before Snap! is ready: status answers with the reason, other ops refuse with not_ready', async () => {
  const {scope, seen} = loadingPage();
  runIn(scope, pageScripts());
  becomeSnap(scope, seen);
  const state = plain((await scope.snapMcp.exec('status')).value.state);
  assert.equal(state.ready, false);
  assert.ok(state.reason, JSON.stringify(state));
  const refused = plain(await scope.snapMcp.exec('get_project', {}));
  assert.equal(refused.error.code, 'not_ready');
});

test('an unknown op is refused with every op, in their order', async () => {
  const {scope, seen} = loadingPage();
  runIn(scope, pageScripts());
  becomeSnap(scope, seen);
  assert.deepEqual(plain(await scope.snapMcp.exec('fly', {})), {ok: false, error: {code: 'unknown_op', message:
    'unknown op "fly"; ops: status, get_project, add_script, replace_script, delete_script, define_block, get_variables, '
    + 'set_variable, run, stop, screenshot, narrate_start, narrate_step, narrate_end, explain, find_blocks, new_project, get_project_xml, load_project, apply_undo'}});
});
