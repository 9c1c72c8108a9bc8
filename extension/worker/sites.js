// snap-mcp, service worker: where the page scripts run. Snap!'s own sites come from the manifest; more sites or
// folders (options page) are an optional host permission the user granted, plus content scripts registered for it.
// Tabs that were open before the extension was installed get nothing: the private channel between the page scripts and
// the relay is only safe when it is set up before the page's own scripts run (page/main.js), so such a tab must be
// reloaded, and the popup says so.
import '../constants.js';

const {snapMatches} = globalThis.snapMcpConstants;
// The page scripts (MAIN world, in their order) and the relay, as manifest.json lists them: the one list of them.
const contentScripts = chrome.runtime.getManifest().content_scripts;
const PAGE_SCRIPTS = contentScripts.find((s) => s.world === 'MAIN').js;
const RELAY_SCRIPTS = contentScripts.find((s) => s.world !== 'MAIN').js;

function scriptIds(pattern) {
  return [`page:${pattern}`, `relay:${pattern}`];
}

export async function addOrigin(pattern) {
  if (!(await chrome.permissions.contains({origins: [pattern]}))) {
    return {ok: false, message: 'Chrome has not allowed that site.'};
  }
  const {extraOrigins = []} = await chrome.storage.local.get('extraOrigins');
  if (!extraOrigins.includes(pattern)) extraOrigins.push(pattern);
  await chrome.storage.local.set({extraOrigins});
  const [pageId, relayId] = scriptIds(pattern);
  const existing = await chrome.scripting.getRegisteredContentScripts({ids: [pageId, relayId]});
  if (existing.length) await chrome.scripting.unregisterContentScripts({ids: existing.map((s) => s.id)});
  await chrome.scripting.registerContentScripts([
    {id: pageId, matches: [pattern], js: PAGE_SCRIPTS, runAt: 'document_start', world: 'MAIN'},
    {id: relayId, matches: [pattern], js: RELAY_SCRIPTS, runAt: 'document_start'},
  ]);
  return {ok: true};
}

export async function removeOrigin(pattern) {
  const {extraOrigins = []} = await chrome.storage.local.get('extraOrigins');
  await chrome.storage.local.set({extraOrigins: extraOrigins.filter((p) => p !== pattern)});
  const registered = await chrome.scripting.getRegisteredContentScripts({ids: scriptIds(pattern)});
  if (registered.length) await chrome.scripting.unregisterContentScripts({ids: registered.map((s) => s.id)});
  return {ok: true};
}

/** True when `url` is one of the pages the content scripts are meant for (a match pattern of the manifest). */
export function matchesSnap(url) {
  return snapMatches.some((pattern) => patternRegExp(pattern).test(String(url || '').split('#')[0]));
}

function patternRegExp(pattern) {
  const [, scheme, host, path] = /^([a-z*]+):\/\/([^/]*)(\/.*)$/.exec(pattern);
  const quote = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${quote(scheme)}://${quote(host)}(:\\d+)?${quote(path)}$`);
}
