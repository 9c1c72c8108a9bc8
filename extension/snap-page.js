// snap-mcp, page side (MAIN world): the Snap! operations and the readiness watch.
//
// Runs in the page's own JavaScript world because Snap!'s objects (world, IDE_Morph, Process, ...) live there.
// It may arrive before Snap!'s scripts (content script at document_start) or long after Snap! is ready (injected by
// the service worker into tabs that were open when the extension was installed): it never assumes either.
//
// The relay (relay.js, ISOLATED world) talks to this file through window.postMessage. Every message carries a
// `snapMcp` key and NEVER a `selector` key: Snap!'s own window.onmessage answers messages with a `selector` by posting
// to window.top, which on a top-level page is itself, so such a message would loop forever.
//
// Tests call window.snapMcp.exec(op, args) directly; it answers a Promise of {ok, value} or {ok:false, error}.
(function () {
  'use strict';

  const VERSION = '0.1.0';
  const NOT_READY_AFTER_MS = 20000;
  const CYCLES_BEFORE_READY = 5;
  const STAGE_WIDTH = 480;
  const STAGE_HEIGHT = 360;
  const MAX_VALUE_ITEMS = 10000;

  if (window.snapMcp && window.snapMcp.version === VERSION) {
    // Injected a second time (extension reloaded): the first copy keeps working; just re-announce the state.
    window.snapMcp.announce();
    return;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Errors with a code the protocol knows (docs/protocol.md, "Errors a model can act on").
  class OpError extends Error {
    constructor(code, message, details) {
      super(message);
      this.code = code;
      this.details = details;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Readiness

  const started = Date.now();
  let cycles = 0;
  let hookedWorld = null;
  let everReady = false;
  let lastAnnounced = null; // JSON of the last readiness event sent
  let notReadyReported = false;
  let lastProjectName = null;

  function ideOf() {
    const w = window.world;
    if (!w || !Array.isArray(w.children) || typeof IDE_Morph === 'undefined') return null;
    return w.children.find((m) => m instanceof IDE_Morph) || null;
  }

  // Counts world cycles without changing what Snap! does: an own property on the one WorldMorph instance.
  function hookWorld(w) {
    if (hookedWorld === w || typeof w.doOneCycle !== 'function') return;
    const original = w.doOneCycle;
    w.doOneCycle = function () {
      cycles += 1;
      return original.apply(this, arguments);
    };
    hookedWorld = w;
  }

  function snapVersion() {
    return typeof SnapVersion === 'string' ? SnapVersion : null;
  }

  function isLoadingAssets(ide) {
    return ide.sprites.asArray().concat([ide.stage]).some((any) =>
      (any.costume ? any.costume.loaded !== true : false) ||
      any.costumes.asArray().some((each) => each.loaded !== true));
  }

  /** Whether Snap! is usable now, and if not, why (in words a person can act on). */
  function readiness() {
    if (document.readyState === 'loading') return notReady('the Snap! page is still loading');
    if (typeof IDE_Morph === 'undefined' || typeof SpriteMorph === 'undefined' || typeof Process === 'undefined') {
      return notReady("Snap!'s scripts have not loaded (IDE_Morph is missing): is this a Snap! page?");
    }
    if (!window.world || typeof WorldMorph === 'undefined' || !(window.world instanceof WorldMorph)) {
      return notReady('Snap! has not created its world yet');
    }
    hookWorld(window.world);
    const ide = ideOf();
    if (!ide) return notReady('the Snap! IDE has not been built yet');
    if (!ide.stage) return notReady('the IDE has no stage yet');
    if (!ide.spriteBar) return notReady('the IDE has no sprite bar yet');
    if (!ide.palette) return notReady('the IDE has no block palette yet');
    if (!ide.corral) return notReady('the IDE has no sprite corral yet');
    if (!ide.scene || !ide.sprites || !ide.currentSprite) return notReady('no project is open yet');
    if (ide.shield) return notReady('Snap! is busy opening a project');
    if (!everReady) {
      const dialog = window.world.children.find((m) => typeof DialogBoxMorph !== 'undefined' && m instanceof DialogBoxMorph);
      if (dialog) {
        const title = dialog.labelString || (dialog.label && dialog.label.text) || 'a dialog';
        return notReady(`a dialog is open in Snap! ("${title}"): close it`);
      }
      if (isLoadingAssets(ide)) return notReady('Snap! is still loading costumes');
      // A tab opened in the background draws nothing until someone looks at it; Snap! is usable all the same.
      if (cycles < CYCLES_BEFORE_READY && !document.hidden) return notReady('Snap! has not started drawing yet');
    }
    return {ready: true, snap: snapVersion(), project: projectName(ide)};

    function notReady(reason) {
      return {ready: false, reason, snap: snapVersion()};
    }
  }

  function projectName(ide) {
    return (ide.getProjectName && ide.getProjectName()) || (ide.scene && ide.scene.name) || '';
  }

  function stateOf() {
    const r = readiness();
    return r.ready ? {ready: true, project: r.project, snap: r.snap} : {ready: false, project: null, snap: r.snap, reason: r.reason};
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Events to the relay (and so to the bridge)

  const listeners = [];

  function emit(event) {
    const payload = Object.assign({at: new Date().toISOString()}, event);
    window.postMessage({snapMcp: 'event', event: payload}, window.location.origin);
    listeners.forEach((l) => {
      try { l(payload); } catch (e) { /* a listener's failure is its own */ }
    });
  }

  function announce() {
    const r = readiness();
    let event;
    if (r.ready) {
      event = {event: 'ready', ready: true, snap: r.snap, project: r.project};
    } else if (everReady || Date.now() - started >= NOT_READY_AFTER_MS) {
      // Before the bound a slow load is normal: say nothing yet. After it (or after having been ready) say why.
      event = {event: 'ready', ready: false, reason: everReady ? r.reason
        : `Snap! has not finished loading after ${NOT_READY_AFTER_MS / 1000} s: ${r.reason}`, snap: r.snap};
    } else {
      return;
    }
    lastAnnounced = JSON.stringify(event);
    emit(event);
  }

  function watch() {
    const r = readiness();
    if (r.ready) {
      if (!everReady) installHooks();
      everReady = true;
      notReadyReported = false;
      if (lastProjectName !== null && lastProjectName !== r.project) {
        emit({event: 'project', project: r.project});
      }
      lastProjectName = r.project;
    }
    const overdue = !everReady && Date.now() - started >= NOT_READY_AFTER_MS;
    const changed = lastAnnounced === null
      ? (r.ready || overdue)
      : JSON.parse(lastAnnounced).ready !== r.ready;
    if (changed || (overdue && !notReadyReported && !r.ready)) {
      if (overdue && !r.ready) notReadyReported = true;
      announce();
    }
  }

  // Polling is the one way to observe a page we do not own; 250 ms is cheap and keeps readiness prompt.
  setInterval(watch, 250);
  watch();

  // ---------------------------------------------------------------------------------------------------------------
  // Hooks: what sprites say and runtime errors. Installed once Snap! is ready; they call the original first.

  let collector = null; // {said:[], errors:[]} while a `run` is in progress
  let hooksInstalled = false;

  function installHooks() {
    if (hooksInstalled) return;
    hooksInstalled = true;
    const originalBubble = SpriteMorph.prototype.bubble;
    SpriteMorph.prototype.bubble = function (data, isThought, isQuestion) {
      const result = originalBubble.apply(this, arguments);
      if (collector && data !== '' && data !== null && data !== undefined) {
        collector.said.push({sprite: this.name, text: toText(data), kind: isThought ? 'think' : (isQuestion ? 'ask' : 'say')});
      }
      return result;
    };
    const originalThrow = Process.prototype.throwError;
    const throwError = function (error, element) {
      try {
        const top = this.topBlock;
        const receiver = this.homeContext && this.homeContext.receiver;
        const sprite = receiver && receiver.name;
        const scriptId = top && receiver ? idOf(receiver, top.topBlock ? top.topBlock() : top) : null;
        const entry = {message: String((error && error.message) || error), sprite, scriptId};
        if (collector) collector.errors.push(entry);
        emit(Object.assign({event: 'error'}, entry));
      } catch (e) { /* never break Snap!'s own error display */ }
      return originalThrow.apply(this, arguments);
    };
    if (Process.prototype.handleError === originalThrow) Process.prototype.handleError = throwError;
    Process.prototype.throwError = throwError;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sprites and scripts

  const scriptNumbers = new WeakMap(); // block morph -> N
  const nextNumber = new WeakMap(); // sprite -> next N

  function requireReady() {
    const r = readiness();
    if (!r.ready) throw new OpError('not_ready', `Snap! is not ready: ${r.reason}`);
    // The watch installs the hooks on its next poll; an op arriving sooner (a run right after the load) needs them now,
    // or what the sprites say and the errors they raise go unrecorded.
    installHooks();
    return ideOf();
  }

  function allObjects(ide) {
    return [ide.stage].concat(ide.sprites.asArray());
  }

  function spriteNamed(ide, name) {
    if (name === undefined || name === null || name === '') return ide.currentSprite;
    const found = allObjects(ide).find((s) => s.name === name) ||
      allObjects(ide).find((s) => s.name.toLowerCase() === String(name).toLowerCase()) ||
      (String(name).toLowerCase() === 'stage' ? ide.stage : null);
    if (!found) {
      throw new OpError('unknown_sprite', `There is no sprite named "${name}". Sprites: ${allObjects(ide).map((s) => s.name).join(', ')}`,
        {sprites: allObjects(ide).map((s) => s.name)});
    }
    return found;
  }

  function topScripts(sprite) {
    return sprite.scripts.children
      .filter((m) => typeof BlockMorph !== 'undefined' && m instanceof BlockMorph)
      .sort((a, b) => (a.top() - b.top()) || (a.left() - b.left()));
  }

  function numberOf(sprite, block) {
    let n = scriptNumbers.get(block);
    if (n === undefined) {
      n = nextNumber.get(sprite) || 1;
      nextNumber.set(sprite, n + 1);
      scriptNumbers.set(block, n);
    }
    return n;
  }

  function idOf(sprite, block) {
    return `${sprite.name}#${numberOf(sprite, block)}`;
  }

  function listScripts(sprite) {
    // Number every script first (in reading order), so ids do not depend on which was asked for first.
    const scripts = topScripts(sprite);
    scripts.forEach((b) => numberOf(sprite, b));
    return scripts.map((b) => describeScript(sprite, b));
  }

  function findScript(sprite, id) {
    if (!id) throw new OpError('bad_args', 'give the script id, e.g. "Sprite#1" (see get_project)');
    const hash = String(id).lastIndexOf('#');
    const n = Number(String(id).slice(hash + 1));
    const block = topScripts(sprite).find((b) => {
      numberOf(sprite, b);
      return scriptNumbers.get(b) === n;
    });
    if (hash < 0 || !block) {
      throw new OpError('unknown_script', `There is no script "${id}" in ${sprite.name}. Its scripts: ${
        topScripts(sprite).map((b) => idOf(sprite, b)).join(', ') || 'none'}`);
    }
    return block;
  }

  function scale() {
    return (typeof SyntaxElementMorph !== 'undefined' && SyntaxElementMorph.prototype.scale) || 1;
  }

  function describeScript(sprite, block) {
    const origin = sprite.scripts.topLeft();
    return {
      id: idOf(sprite, block),
      code: codeOf(block),
      x: Math.round((block.left() - origin.x) / scale()),
      y: Math.round((block.top() - origin.y) / scale()),
    };
  }

  /** The script starting at `block` as text code: a sequence of blocks, without an outer pair of parentheses. */
  function codeOf(block) {
    const tree = Process.prototype.toTextSyntax(block.components());
    if (tree instanceof List && tree.length() > 0 && tree.at(1) instanceof List) {
      return tree.itemsArray().map((item) => item.encode(0, 0)).join(' ');
    }
    return tree.encode(0, 0);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Text code to blocks, refusing names Snap! does not know (it would silently make empty variable blocks of them).

  function checkBalanced(code) {
    let depth = 0;
    let quoted = false;
    for (let i = 0; i < code.length; i += 1) {
      const ch = code[i];
      if (ch === '\\') { i += 1; continue; }
      if (quoted) { if (ch === '"') quoted = false; continue; }
      if (ch === '"') quoted = true;
      else if (ch === ';') { while (i < code.length && code[i] !== '\n') i += 1; }
      else if (ch === '(') depth += 1;
      else if (ch === ')') {
        depth -= 1;
        if (depth < 0) throw new OpError('parse_error', `unbalanced ")" at character ${i + 1}`);
      }
    }
    if (quoted) throw new OpError('parse_error', 'a double quote (") is not closed');
    if (depth > 0) throw new OpError('parse_error', `${depth} "(" not closed`);
  }

  function parseTree(code) {
    if (typeof code !== 'string' || !code.trim()) throw new OpError('bad_args', 'code is empty: give text code such as (receiveGo) (forward 10)');
    checkBalanced(code);
    const tree = new List();
    tree.parse('(' + code + ')');
    let items = tree.itemsArray();
    // Accept a script wrapped in one more pair of parentheses, or in (script ...), as toLisp writes it.
    if (items.length === 1 && items[0] instanceof List && items[0].length() > 0 && items[0].at(1) instanceof List) {
      items = items[0].itemsArray();
    }
    if (items.length > 0 && typeof items[0] === 'string' && items[0].toLowerCase() === 'script') items = items.slice(1);
    if (!items.length) throw new OpError('parse_error', 'no blocks in the code');
    const stray = items.find((i) => !(i instanceof List));
    if (stray !== undefined) {
      throw new OpError('parse_error', `"${stray}" is outside of any block: a script is a sequence of blocks like (forward 10) (turn 15)`);
    }
    return items;
  }

  function customLabels(sprite, ide) {
    const defs = ide.stage.globalBlocks.slice();
    let s = sprite;
    while (s) {
      (s.customBlocks || []).forEach((d) => defs.push(d));
      s = s.exemplar;
    }
    return defs.map((d) => d.abstractBlockSpec());
  }

  function knownName(name, labels) {
    if (typeof name !== 'string') return true;
    const lower = name.toLowerCase();
    if (lower === 'get' || lower === 'items') return true;
    const blocks = SpriteMorph.prototype.blocks;
    if (Object.prototype.hasOwnProperty.call(blocks, name)) return true;
    if (SpriteMorph.prototype.blockMigrations && SpriteMorph.prototype.blockMigrations[name]) return true;
    if (Object.keys(blocks).some((k) => blocks[k] && typeof blocks[k].code === 'string' && blocks[k].code.toLowerCase() === lower)) return true;
    return labels.some((l) => l.toLowerCase() === lower);
  }

  function allNames(labels) {
    const blocks = SpriteMorph.prototype.blocks;
    const names = new Set();
    Object.keys(blocks).forEach((k) => {
      if (!blocks[k] || blocks[k].dev) return;
      names.add(blocks[k].code || k);
      names.add(k);
    });
    labels.forEach((l) => names.add(l));
    return Array.from(names);
  }

  function distance(a, b) {
    a = a.toLowerCase();
    b = b.toLowerCase();
    const d = Array.from({length: b.length + 1}, (_, i) => i);
    for (let i = 1; i <= a.length; i += 1) {
      let prev = d[0];
      d[0] = i;
      for (let j = 1; j <= b.length; j += 1) {
        const tmp = d[j];
        d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length];
  }

  function suggestionsFor(name, labels) {
    const lower = name.toLowerCase();
    return allNames(labels)
      .map((n) => ({n, score: distance(name, n) - (n.toLowerCase().startsWith(lower) ? 2 : 0)}))
      .sort((x, y) => x.score - y.score || x.n.length - y.n.length)
      .slice(0, 5)
      .map((x) => x.n);
  }

  function checkNames(items, labels) {
    const unknown = [];
    const seen = new Set();
    (function walk(node) {
      if (!(node instanceof List) || node.isEmpty()) return;
      const head = node.at(1);
      if (typeof head === 'string' && !knownName(head, labels) && !seen.has(head)) {
        seen.add(head);
        unknown.push({name: head, suggestions: suggestionsFor(head, labels)});
      }
      node.itemsArray().forEach(walk);
    })(new List(items));
    if (unknown.length) {
      throw new OpError('unknown_block',
        unknown.map((u) => `Snap! has no block "${u.name}"; nearest: ${u.suggestions.join(', ')}`).join('. ') +
          '. Use find_blocks to look names up.',
        {unknown});
    }
  }

  /** Builds the blocks of `code` for `sprite`: the top block of a new script, not yet in any scripting area. */
  function assembleScript(code, sprite, ide, extraLabels) {
    const items = parseTree(code);
    checkNames(items, customLabels(sprite, ide).concat(extraLabels || []));
    const proc = new Process(null, sprite);
    proc.pushContext();
    let result;
    try {
      const syntax = proc.toBlockSyntax(new List(items));
      result = proc.assemble(syntax);
    } catch (e) {
      throw new OpError('parse_error', `Snap! could not build blocks from this code: ${e.message}`);
    }
    const block = result instanceof Context ? result.expression : result;
    if (!(block instanceof BlockMorph)) throw new OpError('parse_error', 'the code did not make a block');
    return block;
  }

  /**
   * Snap! only runs "set"/"change" on a variable that exists; a person makes it first with "Make a variable". For the
   * assistant, a script that sets a variable nobody made is made to work: such names become global variables, and the
   * answer says which (`declared`). Names the code itself binds (script variables, for / for each) are left alone.
   */
  function declareVariables(code, sprite, ide, bound) {
    const items = parseTree(code);
    const assigned = new Set();
    const local = new Set(bound || []);
    (function walk(node) {
      if (!(node instanceof List) || node.isEmpty()) return;
      const head = node.at(1);
      if (typeof head === 'string') {
        const selector = Process.prototype.blockAlias(head);
        const first = node.length() > 1 ? node.at(2) : null;
        if ((selector === 'doSetVar' || selector === 'doChangeVar') && typeof first === 'string' && first) assigned.add(first);
        if (selector === 'doDeclareVariables') node.itemsArray().slice(1).forEach((n) => { if (typeof n === 'string') local.add(n); });
        if ((selector === 'doFor' || selector === 'doForEach') && typeof first === 'string') local.add(first);
      }
      node.itemsArray().forEach(walk);
    })(new List(items));
    const declared = [];
    assigned.forEach((name) => {
      if (local.has(name) || sprite.variables.silentFind(name)) return;
      ide.stage.globalVariables().addVar(name, 0);
      declared.push(name);
    });
    if (declared.length) {
      if (ide.flushBlocksCache) ide.flushBlocksCache('variables');
      ide.refreshPalette();
    }
    return declared;
  }

  function placeScript(sprite, block, x, y) {
    const scripts = sprite.scripts;
    const origin = scripts.topLeft();
    let pos;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      pos = new Point(origin.x + x * scale(), origin.y + y * scale());
    } else {
      // Below the lowest script, so nothing overlaps.
      const bottom = topScripts(sprite).reduce((max, b) => Math.max(max, b.fullBounds().bottom()), origin.y);
      pos = new Point(origin.x + 20 * scale(), bottom + 20 * scale());
    }
    scripts.add(block);
    block.setPosition(pos);
    if (block.fixBlockColor) block.fixBlockColor(null, true);
    block.allChildren().forEach((m) => { if (m.fixLayout && m instanceof BlockMorph) m.fixLayout(); });
    scripts.adjustBounds();
    block.changed();
  }

  function changed(ide, sprite) {
    if (ide.recordUnsavedChanges) ide.recordUnsavedChanges(sprite && sprite.name);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Values between Snap! and JSON

  function toText(value) {
    const v = toJson(value);
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  function toJson(value, depth = 0, budget = {left: MAX_VALUE_ITEMS}) {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    if (value instanceof List) {
      if (depth > 20) return '…';
      const out = [];
      for (const item of value.itemsArray()) {
        if (budget.left-- <= 0) { out.push('…'); break; }
        out.push(toJson(item, depth + 1, budget));
      }
      return out;
    }
    if (typeof Context !== 'undefined' && value instanceof Context) {
      try { return value.expression instanceof BlockMorph ? `(ring ${codeOf(value.expression)})` : '(ring)'; } catch (e) { return '(ring)'; }
    }
    if (typeof Costume !== 'undefined' && value instanceof Costume) return `costume ${value.name}`;
    if (typeof Sound !== 'undefined' && value instanceof Sound) return `sound ${value.name}`;
    if (typeof SpriteMorph !== 'undefined' && (value instanceof SpriteMorph || value instanceof StageMorph)) return `sprite ${value.name}`;
    if (value instanceof Morph) return value.constructor.name;
    return String(value);
  }

  function fromJson(value) {
    if (Array.isArray(value)) return new List(value.map(fromJson));
    if (value !== null && typeof value === 'object') {
      return new List(Object.keys(value).map((k) => new List([k, fromJson(value[k])])));
    }
    return value === null || value === undefined ? 0 : value;
  }

  function varsOf(frame) {
    const out = {};
    Object.keys(frame.vars).forEach((name) => {
      const v = frame.vars[name];
      if (v && !v.isHidden) out[name] = toJson(v.value);
    });
    return out;
  }

  function variablesSnapshot(ide) {
    const flat = {};
    Object.entries(varsOf(ide.stage.globalVariables())).forEach(([k, v]) => { flat[k] = v; });
    allObjects(ide).forEach((s) => {
      if (s.variables && s.variables !== ide.stage.globalVariables()) {
        Object.entries(varsOf(s.variables)).forEach(([k, v]) => { flat[`${s.name}/${k}`] = v; });
      }
    });
    return flat;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pictures

  function pngOf(canvas, width, height, target) {
    let c = canvas;
    if (!c) {
      c = document.createElement('canvas');
      c.width = width || 1;
      c.height = height || 1;
    }
    if (width && height && (c.width !== width || c.height !== height)) {
      const scaled = document.createElement('canvas');
      scaled.width = width;
      scaled.height = height;
      scaled.getContext('2d').drawImage(c, 0, 0, width, height);
      c = scaled;
    }
    const url = c.toDataURL('image/png');
    return {png: url.slice(url.indexOf(',') + 1), width: c.width, height: c.height, target};
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Blocks catalogue

  const SLOT_WORDS = {
    '%n': 'number', '%s': 'text', '%txt': 'text', '%b': 'boolean', '%boolUE': 'boolean', '%l': 'list',
    '%c': 'commands', '%cs': 'commands', '%cl': 'commands', '%ca': 'commands', '%repRing': 'reporter ring',
    '%cmdRing': 'command ring', '%predRing': 'predicate ring', '%var': 'variable name', '%upvar': 'upvar',
    '%mult%s': 'texts…', '%mult%n': 'numbers…', '%inputs': 'inputs…', '%msg': 'message', '%clr': 'color',
    '%hyperVar': 'variable name', '%anyUE': 'any', '%elseif': 'else if…', '%scriptVars': 'names…', '%spr': 'sprite',
  };

  function slotsOf(spec) {
    return BlockMorph.prototype.parseSpec(spec).filter((p) => p.length > 1 && p[0] === '%' && p !== '%br' && !p.startsWith('%_'));
  }

  function exampleFor(name, info) {
    const slots0 = slotsOf(info.spec);
    const args = (info.defaults || []).map((d, i) => {
      if ((d === null || d === undefined) && (slots0[i] === '%var' || slots0[i] === '%hyperVar')) return 'score';
      if ((d === null || d === undefined) && slots0[i] === '%l') return '(list 1 2 3)';
      if (d === null || d === undefined) return 'nil';
      if (Array.isArray(d)) return `[${d[0]}]`;
      return List.prototype.escape(String(d));
    });
    const slots = slotsOf(info.spec);
    while (args.length < slots.length) {
      const s = slots[args.length];
      const filler = {'%b': 't', '%boolUE': 't', '%c': '(forward 10)', '%cs': '(forward 10)', '%cl': '(forward 10)',
        '%n': '1', '%s': 'hello', '%txt': 'hello', '%l': '(list 1 2 3)', '%var': 'score', '%hyperVar': 'score', '%upvar': 'item'};
      args.push(filler[s] || 'nil');
    }
    const block = `(${name}${args.length ? ' ' + args.join(' ') : ''})`;
    if (info.type === 'hat') return `${block} (forward 10)`;
    if (info.type === 'reporter' || info.type === 'predicate') return `(say ${block})`;
    return block;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Operations (docs/protocol.md, "Operations")

  const ops = {
    status() {
      return {};
    },

    get_project() {
      const ide = requireReady();
      const sprites = ide.sprites.asArray().map((s) => ({
        name: s.name,
        x: Math.round(s.xPosition() * 100) / 100,
        y: Math.round(s.yPosition() * 100) / 100,
        direction: s.direction(),
        costume: s.costume ? s.costume.name : null,
        visible: s.isVisible,
        size: s.getScale ? s.getScale() : null,
        variables: varsOf(s.variables),
        scripts: listScripts(s),
      }));
      const custom = [];
      ide.stage.globalBlocks.forEach((d) => custom.push(describeDefinition(d, 'global')));
      allObjects(ide).forEach((s) => (s.customBlocks || []).forEach((d) => custom.push(describeDefinition(d, 'sprite', s))));
      return {
        name: projectName(ide),
        scenes: ide.scenes.itemsArray().map((s) => s.name),
        currentScene: ide.scene.name,
        currentSprite: ide.currentSprite.name,
        stage: {
          name: ide.stage.name,
          costume: ide.stage.costume ? ide.stage.costume.name : null,
          variables: varsOf(ide.stage.variables),
          scripts: listScripts(ide.stage),
        },
        sprites,
        globals: varsOf(ide.stage.globalVariables()),
        customBlocks: custom,
      };
    },

    add_script(args) {
      const ide = requireReady();
      const sprite = spriteNamed(ide, args.sprite);
      const block = assembleScript(args.code, sprite, ide);
      const declared = declareVariables(args.code, sprite, ide);
      placeScript(sprite, block, args.x, args.y);
      numberOf(sprite, block);
      changed(ide, sprite);
      return {sprite: sprite.name, script: describeScript(sprite, block), declared};
    },

    replace_script(args) {
      const ide = requireReady();
      const sprite = spriteNamed(ide, args.sprite);
      const old = findScript(sprite, args.id);
      const block = assembleScript(args.code, sprite, ide);
      const declared = declareVariables(args.code, sprite, ide);
      const origin = sprite.scripts.topLeft();
      const x = (old.left() - origin.x) / scale();
      const y = (old.top() - origin.y) / scale();
      const n = scriptNumbers.get(old);
      old.destroy();
      scriptNumbers.set(block, n);
      placeScript(sprite, block, x, y);
      changed(ide, sprite);
      return {sprite: sprite.name, script: describeScript(sprite, block), declared};
    },

    delete_script(args) {
      const ide = requireReady();
      const sprite = spriteNamed(ide, args.sprite);
      const block = findScript(sprite, args.id);
      const id = idOf(sprite, block);
      block.destroy();
      sprite.scripts.adjustBounds();
      changed(ide, sprite);
      return {sprite: sprite.name, deleted: id};
    },

    define_block(args) {
      const ide = requireReady();
      const label = String(args.label || '').trim();
      if (!label) throw new OpError('bad_args', 'label is missing, e.g. "jump %height"');
      const type = args.type || 'command';
      if (!['command', 'reporter', 'predicate'].includes(type)) throw new OpError('bad_args', 'type is command, reporter or predicate');
      const category = args.category || 'other';
      if (!SpriteMorph.prototype.allCategories().includes(category)) {
        throw new OpError('bad_args', `unknown category "${category}"; categories: ${SpriteMorph.prototype.allCategories().join(', ')}`);
      }
      const scope = args.scope || 'global';
      if (!['global', 'sprite'].includes(scope)) throw new OpError('bad_args', 'scope is global or sprite');
      const sprite = spriteNamed(ide, args.sprite);
      const words = label.split(/\s+/);
      const declared = Array.isArray(args.inputs) ? args.inputs : [];
      const inputNames = words.filter((w) => w.length > 1 && w[0] === '%').map((w) => w.slice(1));
      declared.forEach((i) => {
        if (!i || !inputNames.includes(i.name)) throw new OpError('bad_args', `input "${i && i.name}" is not in the label; write it as %${i && i.name}`);
      });
      const spec = words.map((w) => (w.length > 1 && w[0] === '%') ? `%'${w.slice(1)}'` : w).join(' ');
      const abstract = words.map((w) => (w.length > 1 && w[0] === '%') ? '_' : w).join(' ');
      const def = new CustomBlockDefinition(spec, scope === 'sprite' ? sprite : null);
      def.type = type;
      def.category = category;
      def.isGlobal = scope === 'global';
      inputNames.forEach((name) => {
        const d = declared.find((i) => i.name === name);
        def.declarations.set(name, [slotType(d && d.type), '', undefined, false, false]);
      });
      if (args.code && String(args.code).trim()) {
        const body = assembleScript(args.code, sprite, ide, [abstract]);
        declareVariables(args.code, sprite, ide, inputNames);
        const context = new Context(null, body);
        context.inputs = inputNames.slice();
        def.setBlockDefinition(context);
        def.spec = spec; // setBlockDefinition rebuilt it from the same names; keep ours verbatim
      }
      const holder = def.isGlobal ? ide.stage.globalBlocks : sprite.customBlocks;
      const existing = holder.findIndex((d) => d.abstractBlockSpec() === abstract);
      if (existing >= 0) {
        const old = holder[existing];
        if (old.type !== def.type) {
          throw new OpError('bad_args', `a ${old.type} block "${abstract}" already exists; its type cannot change`);
        }
        old.spec = def.spec;
        old.category = def.category;
        old.declarations = def.declarations;
        old.body = def.body;
      } else {
        holder.push(def);
      }
      const kept = existing >= 0 ? holder[existing] : def;
      if (ide.flushPaletteCache) ide.flushPaletteCache();
      if (ide.refreshEmptyCategories) ide.refreshEmptyCategories();
      ide.refreshPalette();
      allObjects(ide).forEach((s) => { if (s.allBlockInstances) s.allBlockInstances(kept).forEach((b) => b.refresh && b.refresh()); });
      changed(ide, sprite);
      return {block: describeDefinition(kept, scope, scope === 'sprite' ? sprite : null)};
    },

    get_variables(args) {
      const ide = requireReady();
      const sprites = {};
      const chosen = args.sprite ? [spriteNamed(ide, args.sprite)] : allObjects(ide);
      chosen.forEach((s) => { sprites[s.name] = varsOf(s.variables); });
      return {globals: varsOf(ide.stage.globalVariables()), sprites};
    },

    set_variable(args) {
      const ide = requireReady();
      const name = args.name;
      if (typeof name !== 'string' || !name.trim()) throw new OpError('bad_args', 'name is missing');
      const frame = args.sprite ? spriteNamed(ide, args.sprite).variables : ide.stage.globalVariables();
      const created = !Object.prototype.hasOwnProperty.call(frame.vars, name);
      if (created) frame.addVar(name, 0);
      frame.setVar(name, fromJson(args.value));
      if (created) {
        if (ide.flushBlocksCache) ide.flushBlocksCache('variables');
        ide.refreshPalette();
      }
      changed(ide, null);
      return {name, value: toJson(frame.getVar(name)), scope: args.sprite ? 'sprite' : 'global', created};
    },

    async run(args) {
      const ide = requireReady();
      const mode = args.mode || 'green_flag';
      const timeoutMs = Math.min(Math.max(Number(args.timeoutMs) || 10000, 0), 300000);
      const before = variablesSnapshot(ide);
      const run = {said: [], errors: []};
      if (collector) throw new OpError('bad_args', 'another run is in progress');
      if (mode === 'green_flag') {
        collector = run;
        ide.runScripts();
      } else if (mode === 'broadcast') {
        if (typeof args.message !== 'string' || !args.message) throw new OpError('bad_args', 'message is missing for mode broadcast');
        collector = run;
        ide.broadcast(args.message);
      } else if (mode === 'script') {
        const sprite = spriteNamed(ide, args.sprite);
        const block = findScript(sprite, args.id);
        collector = run;
        ide.stage.threads.startProcess(block, sprite, false, false, null, true);
      } else {
        throw new OpError('bad_args', 'mode is green_flag, broadcast or script');
      }
      const t0 = performance.now();
      let finished = false;
      try {
        finished = await until(() => !busy(ide), timeoutMs);
      } finally {
        collector = null;
      }
      const after = variablesSnapshot(ide);
      const changedVars = {};
      new Set(Object.keys(before).concat(Object.keys(after))).forEach((k) => {
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changedVars[k] = {before: before[k] === undefined ? null : before[k], after: after[k] === undefined ? null : after[k]};
      });
      return {
        finished,
        elapsedMs: Math.round(performance.now() - t0),
        said: run.said,
        variables: {changed: changedVars},
        errors: run.errors,
      };
    },

    async stop() {
      const ide = requireReady();
      ide.stop();
      // Stopped processes leave Snap!'s list on its next step: answer once they have.
      const stopped = await until(() => ide.stage.threads.processes.every((p) => p.isDead || !p.isRunning()) && !ide.isRunning(), 2000);
      return {stopped};
    },

    screenshot(args) {
      const ide = requireReady();
      const target = args.target || 'stage';
      if (target === 'stage') {
        return pngOf(ide.stage.fullImage(), STAGE_WIDTH, STAGE_HEIGHT, target);
      }
      if (target === 'scripts') {
        const sprite = spriteNamed(ide, args.sprite);
        const pic = sprite.scripts.scriptsPicture();
        return Object.assign(pngOf(pic, pic ? 0 : 1, pic ? 0 : 1, target), {sprite: sprite.name});
      }
      if (target === 'ide') {
        return pngOf(window.world.worldCanvas, 0, 0, target);
      }
      throw new OpError('bad_args', 'target is stage, scripts or ide');
    },

    find_blocks(args) {
      const query = String(args.query || '').toLowerCase().split(/\s+/).filter((w) => w.length);
      const category = args.category || null;
      const limit = Math.min(Math.max(Number(args.limit) || 20, 1), 200);
      if (typeof SpriteMorph === 'undefined') throw new OpError('not_ready', "Snap!'s scripts have not loaded");
      const blocks = SpriteMorph.prototype.blocks;
      const found = [];
      Object.keys(blocks).forEach((selector) => {
        const info = blocks[selector];
        if (!info || !info.spec || info.dev || info.type === 'ring') return;
        if (category && info.category !== category) return;
        const name = info.code || selector;
        const words = `${name} ${selector} ${info.spec} ${info.category}`.toLowerCase();
        const score = query.reduce((s, w) => s + (words.includes(w) ? (name.toLowerCase() === w ? 10 : 1) : 0), 0);
        if (query.length && score === 0) return;
        found.push({score, entry: {
          selector: name,
          spec: info.spec,
          category: info.category,
          type: info.type,
          inputs: slotsOf(info.spec).map((s) => SLOT_WORDS[s] || s.slice(1)),
          example: exampleFor(name, info),
        }});
      });
      found.sort((a, b) => b.score - a.score);
      return {blocks: found.slice(0, limit).map((f) => f.entry)};
    },

    new_project(args) {
      const ide = requireReady();
      ide.newProject();
      if (args.name) ide.setProjectName(String(args.name));
      return {name: projectName(ide)};
    },

    get_project_xml() {
      const ide = requireReady();
      return {name: projectName(ide), xml: projectXml(ide)};
    },

    load_project(args) {
      const ide = requireReady();
      const xml = args.xml;
      if (typeof xml !== 'string' || !/^\s*<project[\s>]/.test(xml)) throw new OpError('bad_args', 'xml must be a Snap! project (<project …>)');
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length) throw new OpError('bad_args', 'xml is not well-formed');
      // What api.js's loadProjectXML does, done in one go instead of over the next world steps, so a project Snap!
      // cannot open fails this op at once instead of never answering.
      ide.onNextStep = null;
      ide.world().animations = [];
      SpriteMorph.prototype.initBlocks();
      // Snap! reports a project it cannot read only on screen ("Load failed: …"): listen for that message.
      let failure = null;
      const own = Object.prototype.hasOwnProperty.call(ide, 'showMessage') ? ide.showMessage : null;
      const show = ide.showMessage;
      ide.showMessage = function (message) {
        if (String(message).startsWith('Load failed')) failure = String(message);
        return show.apply(this, arguments);
      };
      try {
        ide.rawOpenProjectString(xml.trim());
      } catch (e) {
        failure = e.message;
      } finally {
        if (own) ide.showMessage = own; else delete ide.showMessage;
      }
      if (failure) throw new OpError('snap_error', `Snap! could not open the project: ${failure}`);
      return {name: projectName(ide)};
    },
  };

  /**
   * The project as XML, the way Snap!'s own "Export project" does it. api.js's getProjectXML skips the capture and
   * the re-apply around the serializer, and the serializer leaves SpriteMorph.prototype.blocks replaced by a list of
   * bootstrapped definitions: afterwards Snap! knows no primitive at all.
   */
  function projectXml(ide) {
    ide.scene.captureGlobalSettings();
    try {
      return ide.serializer.serialize(new Project(ide.scenes, ide.scene));
    } finally {
      ide.scene.applyGlobalSettings();
    }
  }

  function slotType(word) {
    const types = {number: '%n', text: '%s', any: '%s', boolean: '%b', list: '%l', command: '%cs', commands: '%cs', reporter: '%repRing', predicate: '%predRing'};
    if (!word) return '%s';
    if (word[0] === '%') return word;
    return types[word] || '%s';
  }

  function describeDefinition(def, scope, sprite) {
    let code = '';
    try { code = def.body && def.body.expression instanceof BlockMorph ? codeOf(def.body.expression) : ''; } catch (e) { code = ''; }
    return Object.assign({
      label: def.abstractBlockSpec(),
      spec: def.spec,
      category: def.category,
      type: def.type,
      scope,
      code,
    }, sprite ? {sprite: sprite.name} : {});
  }

  function busy(ide) {
    return ide.stage.threads.processes.some((p) => p.isRunning() && !p.errorFlag && !p.isGenericCondition);
  }

  /**
   * Snap! runs its scripts in its drawing loop (requestAnimationFrame), which Chrome pauses in a tab nobody looks at:
   * the usual case while a person talks to their assistant in another window. While we wait for Snap! in such a tab,
   * we turn its loop ourselves (stepping only: nothing is painted until the tab is seen again), in bursts. Between
   * bursts we yield through a MessageChannel, which Chrome does not throttle in hidden tabs as it does timers.
   */
  function stepWhileHidden(condition) {
    const w = window.world;
    if (!document.hidden || !w || typeof w.stepFrame !== 'function') return;
    const end = performance.now() + 50;
    while (performance.now() < end && !condition()) {
      w.stepFrame();
      if (typeof w.stepAnimations === 'function') w.stepAnimations();
    }
  }

  function later(fn) {
    if (document.hidden) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { channel.port1.close(); fn(); };
      channel.port2.postMessage(0);
    } else {
      setTimeout(fn, 20);
    }
  }

  function until(condition, timeoutMs) {
    return new Promise((resolve) => {
      const deadline = performance.now() + timeoutMs;
      (function check() {
        stepWhileHidden(condition);
        if (condition()) { resolve(true); return; }
        if (performance.now() >= deadline) { resolve(false); return; }
        later(check);
      })();
    });
  }

  async function exec(op, args) {
    try {
      if (!Object.prototype.hasOwnProperty.call(ops, op)) {
        throw new OpError('unknown_op', `unknown op "${op}"; ops: ${Object.keys(ops).join(', ')}`);
      }
      const value = await ops[op](args || {});
      return {ok: true, value: Object.assign({}, value, {state: stateOf()})};
    } catch (e) {
      if (e instanceof OpError) {
        return {ok: false, error: Object.assign({code: e.code, message: e.message}, e.details ? {details: e.details} : {})};
      }
      return {ok: false, error: {code: 'snap_error', message: `Snap! failed: ${e && e.message ? e.message : e}`}};
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The relay's requests

  window.addEventListener('message', (event) => {
    if (event.source !== window || !event.data || event.data.snapMcp !== 'request') return;
    const {id, op, args} = event.data;
    if (op === '__announce') {
      lastAnnounced = null;
      watch();
      if (lastAnnounced === null) announce();
      return;
    }
    exec(op, args).then((answer) => {
      window.postMessage(Object.assign({snapMcp: 'response', id}, answer), window.location.origin);
    });
  });

  window.snapMcp = Object.freeze({
    version: VERSION,
    readiness,
    exec,
    onEvent(listener) { listeners.push(listener); },
    announce() { lastAnnounced = null; announce(); },
  });
})();
