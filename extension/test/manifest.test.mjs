// The manifest against constants.js and the files that are there: the facts it must repeat (JSON cannot import)
// agree with the one source, and every page script is loaded once, in an order that works.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {extensionDir, pageScripts, readManifest, runHere} from './load.mjs';

runHere('constants.js');
const constants = globalThis.snapMcpConstants;
const manifest = readManifest();

test('constants.js is frozen and holds what the extension needs', () => {
  assert.ok(Object.isFrozen(constants));
  assert.deepEqual(Object.keys(constants), ['version', 'extensionId', 'defaultPort', 'snapMatches', 'finalErrors',
    'forbiddenBlocks', 'moduleVariablePrefix', 'pageTextMax', 'rekeyLabel']);
});

test('the manifest says the version and Snap!\'s sites that constants.js says', () => {
  assert.equal(manifest.version, constants.version);
  assert.deepEqual(manifest.host_permissions, constants.snapMatches);
  for (const entry of manifest.content_scripts) assert.deepEqual(entry.matches, constants.snapMatches);
});

test('the page scripts: constants first, every section of page/ once, the wiring last', () => {
  const scripts = pageScripts();
  assert.equal(scripts[0], 'constants.js');
  assert.equal(scripts[scripts.length - 1], 'page/main.js');
  const sections = fs.readdirSync(path.join(extensionDir, 'page')).filter((f) => f.endsWith('.js')).map((f) => `page/${f}`);
  assert.deepEqual(scripts.slice(1).sort(), sections.sort());
  assert.equal(new Set(scripts).size, scripts.length);
});

test('every file the manifest names is there; the worker is a module', () => {
  const named = manifest.content_scripts.flatMap((s) => s.js)
    .concat([manifest.background.service_worker, manifest.action.default_popup, manifest.options_ui.page]);
  for (const file of named) assert.ok(fs.existsSync(path.join(extensionDir, file)), file);
  assert.equal(manifest.background.type, 'module');
});
