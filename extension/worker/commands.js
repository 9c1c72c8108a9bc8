// snap-mcp, service worker: commands from the bridge to the tab's page scripts (through its relay), and their
// results back. A result is sent only for a command this worker passed on and has not yet answered.
//
// A command that arrives while the tab's relay is not connected (a restarted worker reconnects the tab's socket before
// the relay's port is back) waits for the port a few seconds, then is refused with not_ready.
import {frames} from '../protocol.js';
import {send} from './tabs.js';

const PORT_WAIT_MS = 5000;

const pending = new Map(); // command id -> tabId
const held = new Map(); // tabId -> [{frame, timer}], commands waiting for the relay's port

export function runCommand(t, frame) {
  if (!t.port) {
    hold(t, frame);
    return;
  }
  pending.set(frame.id, t.tabId);
  // meta ({tool, client, at}): who asked, which the tab's undo history keeps with a change.
  t.port.postMessage({type: 'exec', id: frame.id, op: frame.op, args: frame.args || {}, meta: frame.meta || null});
}

function hold(t, frame) {
  const list = held.get(t.tabId) || [];
  held.set(t.tabId, list);
  const entry = {frame};
  entry.timer = setTimeout(() => {
    list.splice(list.indexOf(entry), 1);
    send(t, frames.tabNotReachable(frame.id));
  }, PORT_WAIT_MS);
  list.push(entry);
}

/** The tab's relay connected: the commands that waited for it go now, in their order. */
export function releaseHeld(t) {
  const list = held.get(t.tabId) || [];
  held.delete(t.tabId);
  for (const entry of list) {
    clearTimeout(entry.timer);
    runCommand(t, entry.frame);
  }
}

/** The relay's {type: 'result', id, ok, value | error}. */
export function returnResult(t, message) {
  if (!pending.has(message.id)) return;
  pending.delete(message.id);
  send(t, frames.result(message.id, message.ok, message.value, message.error));
}

/**
 * The tab's page went away, or its socket: its commands will get no result from here (the bridge sends them again
 * when the tab reconnects).
 */
export function forgetCommandsOf(tabId) {
  for (const [id, owner] of pending) if (owner === tabId) pending.delete(id);
  for (const entry of held.get(tabId) || []) clearTimeout(entry.timer);
  held.delete(tabId);
}
