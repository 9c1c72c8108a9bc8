// snap-mcp, the extension's side of its protocols, shared by the service worker and the popup: the pairing code,
// the frames the worker and the bridge exchange (docs/protocol.md), the messages the extension's own pages send the
// worker, and the words the popup shows.
import './constants.js';

const {defaultPort, finalErrors} = globalThis.snapMcpConstants;

export const DEFAULT_PORT = defaultPort;

/** What a pairing code looks like, in the words and the placeholder the person sees. */
export const CODE_EXAMPLE = `sess_….….${defaultPort}`;

/** Errors after which reconnecting cannot help: the user must pair again (or the tab was replaced on purpose). */
export const FINAL_ERRORS = new Set(finalErrors);

/** Parses SESSION.TOKEN.PORT (docs/protocol.md, "Pairing code"): {session, token, port}, or null if it is not one. */
export function parseCode(code) {
  const text = String(code || '').trim().replace(/^#?snapmcp=/, '');
  const parts = text.split('.');
  if (parts.length < 3) return null;
  const session = parts[0];
  const port = Number(parts[parts.length - 1]);
  const token = parts.slice(1, -1).join('.');
  if (!/^sess_[A-Za-z0-9_-]+$/.test(session) || !token || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return {session, token, port};
}

// ------------------------------------------------------------------------------------------------------------------
// WebSocket frames (docs/protocol.md, "WebSocket"): each a JSON object with a `type`.

/**
 * Frame types: the worker sends hello, proof, identify, ping, event and result; the bridge sends challenge, proven,
 * welcome, command, error and pong. hello, challenge, proof and proven are the handshake (worker/scram.js).
 */
export const FRAME = Object.freeze({
  hello: 'hello', proof: 'proof', identify: 'identify', ping: 'ping', event: 'event', result: 'result',
  challenge: 'challenge', proven: 'proven', welcome: 'welcome', command: 'command', error: 'error', pong: 'pong',
});

/** The frames the worker may send before the bridge has proved itself: nothing about the tab. */
export const HANDSHAKE_FRAMES = new Set([FRAME.hello, FRAME.proof]);

export const frames = Object.freeze({
  /** Who is connecting, sent only once the bridge has proved itself (the hello carries no tab data). */
  identify(client, tab) {
    return {type: FRAME.identify, client, tab};
  },
  ping() {
    return {type: FRAME.ping};
  },
  /** A page event ({event: 'ready' | 'project' | 'error', ...}) as the bridge receives it. */
  event(event) {
    return Object.assign({type: FRAME.event}, event);
  },
  /** A command's answer: the value when ok, else the error ({code, message}). */
  result(id, ok, value, error) {
    const result = {type: FRAME.result, id, ok: !!ok};
    if (ok) result.value = value; else result.error = error;
    return result;
  },
  /** A command that arrived while the tab's page scripts cannot be reached. */
  tabNotReachable(id) {
    return frames.result(id, false, undefined,
      {code: 'not_ready', message: 'the Snap! tab is not reachable right now (is it still loading? reload it if this lasts)'});
  },
});

// ------------------------------------------------------------------------------------------------------------------
// Messages from the popup and the options page to the worker (chrome.runtime.sendMessage), by their `type`.

export const MESSAGE = Object.freeze({
  popupStatus: 'popup-status', pair: 'pair', unpair: 'unpair', status: 'status',
  addOrigin: 'add-origin', removeOrigin: 'remove-origin',
});

// ------------------------------------------------------------------------------------------------------------------
// The words the popup shows.

export const WORDS = Object.freeze({
  notACode: `That is not a pairing code. It looks like ${CODE_EXAMPLE}: copy it whole from your assistant (snap_pair) or `
    + 'from `snap-mcp session new`.',
  noSnapTabToPair: 'Open Snap! in a tab first: the extension works on snap.berkeley.edu/snap and on '
    + '…/snap.html served from 127.0.0.1 or localhost (more sites and folders in Settings).',
  noTab: 'No tab.',
  impostor: (port) => `The program on port ${port} did not prove it is your snap-mcp. Nothing was sent to it and `
    + 'this tab stopped connecting. If you just restarted your assistant, wait a moment and pair again with a new '
    + 'code (snap_pair); if this happens again, tell your teacher or the person who set up snap-mcp.',
  codeUsed: 'This pairing code was already used, and a code works only once. Ask your assistant for a new one '
    + '(snap_pair) and paste it here.',
  outdated: 'This extension and snap-mcp speak different versions. Update the snap-mcp extension and snap-mcp, '
    + 'then pair again.',
});

/**
 * The state of one tab in a word (its `state`, which the popup's colours follow) and a sentence (its `words`).
 * snapTab: the tab's page scripts are reachable (the page is Snap!'s); pairing: its pairing or null; phase and
 * lastError: its socket's; ready: the page's last readiness event or null; snapAddress: the tab's address is one the
 * page scripts are meant for.
 */
export function describeStatus({snapTab, pairing, phase, lastError, ready, snapAddress}) {
  if (!snapTab && !pairing && snapAddress) {
    return {state: 'reload', words: 'snap-mcp cannot reach this tab yet. If it is Snap!, reload the tab (it was '
      + 'open before snap-mcp was installed or updated); a page that is not Snap! is never connected.'};
  }
  if (!snapTab && !pairing) {
    return {state: 'no_snap', words: 'This tab is not a Snap! page the extension can reach.'};
  }
  if (!pairing) {
    return {state: 'not_paired', words: 'Not paired. Ask your assistant to pair (snap_pair) and paste the code here.'};
  }
  if (phase === 'rejected') {
    const code = lastError && lastError.code;
    const words = code === 'impostor' ? WORDS.impostor(pairing.port)
      : code === 'outdated_extension' ? WORDS.outdated
      : code === 'expired' ? 'The pairing code has expired. Get a new one (snap_pair) and paste it here.'
      : code === 'code_used' ? WORDS.codeUsed
      : code === 'replaced' ? 'Another tab took over this session. Pair this tab again to use it.'
        : 'snap-mcp refused this pairing code. Get a new one (snap_pair) and paste it here.';
    return {state: 'rejected', words};
  }
  if (phase !== 'connected') {
    return {state: 'connecting',
      words: `Connecting to snap-mcp on port ${pairing.port}… (is \`snap-mcp serve\` or \`snap-mcp bridge\` running?)`};
  }
  if (!ready || !ready.ready) {
    const why = ready && ready.reason ? ': ' + ready.reason : ' yet';
    return {state: 'snap_not_ready', words: `Connected, but Snap! is not ready${why}.`};
  }
  return {state: 'connected', words: 'Connected. Your assistant can use this Snap! tab.'};
}
