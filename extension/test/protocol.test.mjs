// The pairing code, the frames and the popup's words (protocol.js), shared by the worker and the popup.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CODE_EXAMPLE, FINAL_ERRORS, WORDS, describeStatus, frames, parseCode} from '../protocol.js';

const TOKEN = 'Yx3-_abcDEF0123456789abcdefghijklmnopqrstuvw';

test('a pairing code is SESSION.TOKEN.PORT', () => {
  assert.deepEqual(parseCode(`sess_q3T9xk2LmPz0aB4c.${TOKEN}.7627`), {session: 'sess_q3T9xk2LmPz0aB4c', token: TOKEN, port: 7627});
});

test('a pairing code is found in the link that carries it and around blanks', () => {
  assert.deepEqual(parseCode(`  #snapmcp=sess_a.${TOKEN}.40000\n`), {session: 'sess_a', token: TOKEN, port: 40000});
  assert.deepEqual(parseCode(`snapmcp=sess_a.${TOKEN}.1`), {session: 'sess_a', token: TOKEN, port: 1});
});

test('a token may hold dots: the session is the first part and the port the last', () => {
  assert.deepEqual(parseCode('sess_a.b.c.d.65535'), {session: 'sess_a', token: 'b.c.d', port: 65535});
});

test('what is not a pairing code is refused', () => {
  for (const bad of [undefined, null, '', 'sess_a.7627', 'sess_a..7627', `sess.${TOKEN}.7627`, `ses_a.${TOKEN}.7627`,
    `sess_a b.${TOKEN}.7627`, `sess_a.${TOKEN}.0`, `sess_a.${TOKEN}.65536`, `sess_a.${TOKEN}.76x`, `sess_a.${TOKEN}.`,
    `sess_a.${TOKEN}.-1`]) {
    assert.equal(parseCode(bad), null, String(bad));
  }
});

test('the example code and the refusal name the default port', () => {
  assert.equal(CODE_EXAMPLE, 'sess_….….7627');
  assert.equal(WORDS.notACode, 'That is not a pairing code. It looks like sess_….….7627: copy it whole from your assistant '
    + '(snap_pair) or from `snap-mcp session new`.');
});

test('the errors after which reconnecting cannot help', () => {
  assert.deepEqual([...FINAL_ERRORS].sort(), ['code_used', 'expired', 'outdated_extension', 'replaced', 'unauthorized']);
  assert.equal(FINAL_ERRORS.has('heartbeat_timeout'), false);
});

test('frames to the bridge', () => {
  assert.deepEqual(frames.identify({extension: '0.1.0'}, {url: 'u', title: 'T'}),
    {type: 'identify', client: {extension: '0.1.0'}, tab: {url: 'u', title: 'T'}});
  assert.deepEqual(frames.ping(), {type: 'ping'});
  assert.deepEqual(frames.event({event: 'ready', ready: true}), {type: 'event', event: 'ready', ready: true});
  assert.deepEqual(frames.result('c1', true, {x: 1}, undefined), {type: 'result', id: 'c1', ok: true, value: {x: 1}});
  assert.deepEqual(frames.result('c2', undefined, undefined, {code: 'bad_args', message: 'm'}),
    {type: 'result', id: 'c2', ok: false, error: {code: 'bad_args', message: 'm'}});
  assert.deepEqual(frames.tabNotReachable('c3'), {type: 'result', id: 'c3', ok: false, error: {code: 'not_ready',
    message: 'the Snap! tab is not reachable right now (is it still loading? reload it if this lasts)'}});
});

const paired = {session: 'sess_a', token: 't', port: 7700};

test('the popup: a tab that is not Snap!, or not paired', () => {
  assert.deepEqual(describeStatus({snapTab: false, pairing: null}),
    {state: 'no_snap', words: 'This tab is not a Snap! page the extension can reach.'});
  assert.deepEqual(describeStatus({snapTab: true, pairing: null, phase: 'idle'}),
    {state: 'not_paired', words: 'Not paired. Ask your assistant to pair (snap_pair) and paste the code here.'});
});

test('the popup: a pairing the bridge refused says what to do', () => {
  const rejected = (code) => describeStatus({snapTab: true, pairing: paired, phase: 'rejected', lastError: code && {code}});
  assert.deepEqual(rejected('expired'),
    {state: 'rejected', words: 'The pairing code has expired. Get a new one (snap_pair) and paste it here.'});
  assert.deepEqual(rejected('replaced'),
    {state: 'rejected', words: 'Another tab took over this session. Pair this tab again to use it.'});
  assert.deepEqual(rejected('code_used'), {state: 'rejected', words: 'This pairing code was already used, and a code '
    + 'works only once. Ask your assistant for a new one (snap_pair) and paste it here.'});
  for (const code of ['unauthorized', 'refused', null]) {
    assert.deepEqual(rejected(code),
      {state: 'rejected', words: 'snap-mcp refused this pairing code. Get a new one (snap_pair) and paste it here.'});
  }
});

test('the popup: connecting names the port of the pairing, also for a tab the worker has not seen yet', () => {
  const words = 'Connecting to snap-mcp on port 7700… (is `snap-mcp serve` or `snap-mcp bridge` running?)';
  assert.deepEqual(describeStatus({snapTab: true, pairing: paired, phase: 'connecting'}), {state: 'connecting', words});
  assert.deepEqual(describeStatus({snapTab: false, pairing: paired, phase: null}), {state: 'connecting', words});
});

test('the popup: connected, with Snap! ready or not', () => {
  const connected = (ready) => describeStatus({snapTab: true, pairing: paired, phase: 'connected', ready});
  assert.deepEqual(connected(null), {state: 'snap_not_ready', words: 'Connected, but Snap! is not ready yet.'});
  assert.deepEqual(connected({ready: false, reason: 'a dialog is open'}),
    {state: 'snap_not_ready', words: 'Connected, but Snap! is not ready: a dialog is open.'});
  assert.deepEqual(connected({ready: true}), {state: 'connected', words: 'Connected. Your assistant can use this Snap! tab.'});
});

test('a Snap! address the relay never reached asks for a reload', () => {
  assert.equal(describeStatus({snapTab: false, pairing: null, snapAddress: true}).state, 'reload');
  assert.match(describeStatus({snapTab: false, pairing: null, snapAddress: true}).words, /reload the tab/);
  assert.equal(describeStatus({snapTab: false, pairing: null, snapAddress: false}).state, 'no_snap');
});
