// snap-mcp, service worker: commands from the bridge to the tab's page scripts (through its relay), and their
// results back. A result is sent only for a command this worker passed on and has not yet answered.
import {frames} from '../protocol.js';
import {send} from './tabs.js';

const pending = new Map(); // command id -> tabId

export function runCommand(t, frame) {
  if (!t.port) {
    send(t, frames.tabNotReachable(frame.id));
    return;
  }
  pending.set(frame.id, t.tabId);
  // meta ({tool, client, at}): who asked, which the tab's undo history keeps with a change.
  t.port.postMessage({type: 'exec', id: frame.id, op: frame.op, args: frame.args || {}, meta: frame.meta});
}

/** The relay's {type: 'result', id, ok, value | error}. */
export function returnResult(t, message) {
  if (!pending.has(message.id)) return;
  pending.delete(message.id);
  send(t, frames.result(message.id, message.ok, message.value, message.error));
}

/** The tab's page went away: its commands will get no result (the bridge learns it from the socket closing). */
export function forgetCommandsOf(tabId) {
  for (const [id, owner] of pending) if (owner === tabId) pending.delete(id);
}
