// Loads the extension's classic scripts (constants.js, page/*.js) into node the way Chrome runs them: as plain
// scripts sharing one global scope, with no bundler. Snap! itself is absent; a test brings what it stands in for.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {fileURLToPath} from 'node:url';

export const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function readManifest() {
  return JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
}

/** The page scripts (the MAIN-world content script entry) in the manifest's order. */
export function pageScripts() {
  return readManifest().content_scripts.find((s) => s.world === 'MAIN').js;
}

/** Runs extension files (paths relative to extension/) in this process's own global scope. */
export function runHere(...files) {
  for (const file of files) {
    const full = path.join(extensionDir, file);
    vm.runInThisContext(fs.readFileSync(full, 'utf8'), {filename: full});
  }
}

/** A fresh global scope (a new realm) holding `globals`, whose `window` is itself, as a page's is. */
export function newPageScope(globals) {
  const scope = vm.createContext(Object.assign({}, globals));
  vm.runInContext('globalThis.window = globalThis;', scope);
  return scope;
}

/** Runs extension files (paths relative to extension/) in `scope`, one after the other, as Chrome injects them. */
export function runIn(scope, files) {
  for (const file of files) {
    const full = path.join(extensionDir, file);
    vm.runInContext(fs.readFileSync(full, 'utf8'), scope, {filename: full});
  }
}

/**
 * The page object page/main.js would build, from the named sections only (file names under page/, e.g. 'values'),
 * loaded in this process's global scope. `extra` stands in for sections a test leaves out.
 */
export function pageWith(files, extra = {}) {
  if (!globalThis.snapMcpConstants) runHere('constants.js');
  runHere(...files.map((f) => `page/${f}.js`));
  const sections = globalThis.snapMcpSections;
  delete globalThis.snapMcpSections;
  const page = Object.assign({}, extra);
  for (const make of Object.values(sections)) Object.assign(page, make(page));
  return page;
}

/** A stand-in for Snap!'s List (lists.js): 1-based `at`, as the page scripts use it. */
export class List {
  constructor(array) {
    this.contents = array || [];
  }

  itemsArray() {
    return this.contents;
  }

  at(index) {
    return this.contents[index - 1];
  }

  length() {
    return this.contents.length;
  }

  isEmpty() {
    return this.contents.length === 0;
  }
}
