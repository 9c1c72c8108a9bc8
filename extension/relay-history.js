// snap-mcp, content script (ISOLATED world), loaded just before relay.js: the tab's undo history.
//
// Why here: the relay's world is the extension's own, which the page's scripts cannot reach, and it lives exactly as
// long as the page (and its project): a reload empties both. The bridge keeps only an index of it (the `history` event),
// so every client of the tab shares one history and `undo` from any of them takes back the newest change, whoever
// made it.
//
// - A change op's page answer carries `value.change = {summary, undo}` (page/undo.js). The history keeps
//   {entry: the command's id, tool, client, at (from the command's meta), summary, undo}, at most 20 (and at most
//   64 MiB of them, a loaded project's undo holds the project it replaced), oldest dropped first; the answer goes on
//   with `change: {entry, summary}` and `undoable` (how many changes the history holds now), never with `undo`.
// - The op `undo` ({force?}) is answered here: the newest entry's `undo` goes to the page's apply_undo; on success the
//   entry leaves the history and the answer is {undone: {entry, tool, client, at, summary}, remaining, …}; the page's
//   refusal (changed_by_user, with both versions) is passed on and the entry stays. An undo whose id comes again (the
//   bridge re-sends a command whose socket dropped) is one undo: answered again, or once when it ends.
// - After every change and undo, and whenever the relay connects to the worker, it says its index: {"event":
//   "history", "entries": [{entry, tool, client, at, summary}, …]} (newest last).
(function (scope) {
  'use strict';
  if (scope.snapMcpRelayHistory) return; // injected twice: the first copy keeps the history

  const LIMIT = 20;
  const MAX_BYTES = 64 * 1024 * 1024;
  const TEXT_LIMIT = 300;
  const UNDO_TIMEOUT_MS = 60000;
  const MAX_PENDING = 64;
  const ANSWERS_KEPT = 32;

  function text(value) {
    return typeof value === 'string' && value ? value.slice(0, TEXT_LIMIT) : null;
  }

  /**
   * The history of one page. io.toPage(request) posts a request to the page scripts, io.toWorker(message) sends a
   * result or an event to the worker, io.now() gives the time as ISO text.
   */
  function create(io, {limit = LIMIT, maxBytes = MAX_BYTES, undoTimeoutMs = UNDO_TIMEOUT_MS} = {}) {
    const entries = []; // oldest first
    const metas = new Map(); // command id -> the command's meta, while the page runs it
    const applying = new Map(); // id of an apply_undo request -> its resolver
    const undoAnswers = new Map(); // undo command id -> its result (the last 32), for a command sent again
    const undosRunning = new Set();
    let bytes = 0;
    let undoing = Promise.resolve();
    let requests = 0;

    function shown(e) {
      return {entry: e.entry, tool: e.tool, client: e.client, at: e.at, summary: e.summary};
    }

    /** Tells the worker (and so the bridge) the index of the history as it is now. */
    function announce() {
      io.toWorker({type: 'event', event: {event: 'history', entries: entries.map(shown)}});
    }

    /** A command from the worker: true when the history answers it itself (op undo), else the page does. */
    function command(message) {
      if (message.op === 'undo') {
        // A command sent again (its socket dropped before the answer came) is one undo, answered once more.
        if (undoAnswers.has(message.id)) {
          io.toWorker(undoAnswers.get(message.id));
        } else if (!undosRunning.has(message.id)) {
          undosRunning.add(message.id);
          undoing = undoing.then(() => undo(message)); // one at a time, in order
        }
        return true;
      }
      if (typeof message.op === 'string' && !message.op.startsWith('__')) {
        metas.set(message.id, message.meta);
        if (metas.size > MAX_PENDING) metas.delete(metas.keys().next().value);
      }
      return false;
    }

    /** A page answer ({id, ok, value | error}): the result to send the worker, or null if it was the history's own. */
    function response(data) {
      const resolve = applying.get(data.id);
      if (resolve) {
        applying.delete(data.id);
        resolve(data);
        return null;
      }
      const meta = metas.get(data.id);
      metas.delete(data.id);
      const result = {type: 'result', id: data.id, ok: data.ok, value: data.value, error: data.error};
      const value = data.value;
      if (!data.ok || !value || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, 'change')) {
        return result;
      }
      const change = value.change;
      result.value = Object.assign({}, value, {change: change && change.undo ? record(data.id, meta, change) : null});
      result.value.undoable = entries.length;
      if (result.value.change) announce();
      return result;
    }

    function record(id, meta, change) {
      const known = entries.find((e) => e.entry === String(id));
      if (known) return {entry: known.entry, summary: known.summary}; // the same command answered twice: one change
      const m = meta && typeof meta === 'object' ? meta : {};
      const size = JSON.stringify(change.undo).length;
      const e = {entry: String(id), tool: text(m.tool), client: text(m.client), at: text(m.at) || io.now(),
        summary: text(change.summary) || 'a change', undo: change.undo, bytes: size};
      entries.push(e);
      bytes += size;
      while (entries.length > limit || (bytes > maxBytes && entries.length > 1)) bytes -= entries.shift().bytes;
      return {entry: e.entry, summary: e.summary};
    }

    async function undo(message) {
      const args = message.args || {};
      // {value} or {error}, as the page answers.
      const reply = (answer) => {
        const result = Object.assign({type: 'result', id: message.id, ok: !answer.error}, answer);
        undosRunning.delete(message.id);
        undoAnswers.set(message.id, result);
        if (undoAnswers.size > ANSWERS_KEPT) undoAnswers.delete(undoAnswers.keys().next().value);
        io.toWorker(result);
      };
      if (args.force !== undefined && typeof args.force !== 'boolean') {
        reply({error: {code: 'bad_args', message: 'force is true or false'}});
        return;
      }
      const e = entries[entries.length - 1];
      if (!e) {
        reply({error: {code: 'nothing_to_undo', message: 'There is nothing to undo: this tab\'s history holds no change '
          + 'made through snap-mcp (it keeps the last 20; reloading the page empties it).'}});
        return;
      }
      const id = `__undo_${++requests}`;
      const page = await new Promise((resolve) => {
        const timer = setTimeout(() => {
          applying.delete(id);
          resolve({ok: false, error: {code: 'snap_error', message: 'Snap! did not finish the undo in time'}});
        }, undoTimeoutMs);
        applying.set(id, (data) => { clearTimeout(timer); resolve(data); });
        io.toPage({snapMcp: 'request', id, op: 'apply_undo', args: {undo: e.undo, force: args.force === true}});
      });
      if (!page.ok) {
        reply({error: page.error});
        return;
      }
      const at = entries.indexOf(e);
      if (at >= 0) {
        entries.splice(at, 1);
        bytes -= e.bytes;
      }
      reply({value: Object.assign({}, page.value, {undone: shown(e), remaining: entries.length})});
      announce();
    }

    return {announce, command, response, size: () => entries.length};
  }

  scope.snapMcpRelayHistory = Object.freeze({create, LIMIT});
})(globalThis);
