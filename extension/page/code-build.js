// snap-mcp, page side (MAIN world), section "code-build": text code to blocks, through Snap!'s own parser and
// assembler (threads.js), after the checks of page/code-check.js; and placing the new script in a scripting area.
(function (sections) {
  'use strict';

  sections.codeBuild = function (page) {
    function parseTree(code) {
      if (typeof code !== 'string' || !code.trim()) {
        throw new page.OpError('bad_args', 'code is empty: give text code such as (receiveGo) (forward 10)');
      }
      page.checkBalanced(code);
      const tree = new List();
      tree.parse('(' + code + ')');
      let items = tree.itemsArray();
      // Accept a script wrapped in one more pair of parentheses, or in (script ...), as toLisp writes it.
      if (items.length === 1 && items[0] instanceof List && items[0].length() > 0 && items[0].at(1) instanceof List) {
        items = items[0].itemsArray();
      }
      if (items.length > 0 && typeof items[0] === 'string' && items[0].toLowerCase() === 'script') items = items.slice(1);
      if (!items.length) throw new page.OpError('parse_error', 'no blocks in the code');
      const stray = items.find((i) => !(i instanceof List));
      if (stray !== undefined) {
        throw new page.OpError('parse_error',
          `"${stray}" is outside of any block: a script is a sequence of blocks like (forward 10) (turn 15)`);
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

    /** Builds the blocks of `code` for `sprite`: the top block of a new script, not yet in any scripting area. */
    function assembleScript(code, sprite, ide, extraLabels) {
      const items = parseTree(code);
      const table = {blocks: SpriteMorph.prototype.blocks, migrations: SpriteMorph.prototype.blockMigrations};
      page.checkNames(items, customLabels(sprite, ide).concat(extraLabels || []), table);
      const proc = new Process(null, sprite);
      proc.pushContext();
      let result;
      try {
        const syntax = proc.toBlockSyntax(new List(items));
        result = proc.assemble(syntax);
      } catch (e) {
        throw new page.OpError('parse_error', `Snap! could not build blocks from this code: ${e.message}`);
      }
      const block = result instanceof Context ? result.expression : result;
      if (!(block instanceof BlockMorph)) throw new page.OpError('parse_error', 'the code did not make a block');
      page.checkBuiltBlocks(block);
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
          if (selector === 'doDeclareVariables') {
            node.itemsArray().slice(1).forEach((n) => { if (typeof n === 'string') local.add(n); });
          }
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
      const scale = page.scale();
      const scripts = sprite.scripts;
      const origin = scripts.topLeft();
      let pos;
      if (Number.isFinite(x) && Number.isFinite(y)) {
        pos = new Point(origin.x + x * scale, origin.y + y * scale);
      } else {
        // Below the lowest script, so nothing overlaps.
        const bottom = page.topScripts(sprite).reduce((max, b) => Math.max(max, b.fullBounds().bottom()), origin.y);
        pos = new Point(origin.x + 20 * scale, bottom + 20 * scale);
      }
      scripts.add(block);
      block.setPosition(pos);
      if (block.fixBlockColor) block.fixBlockColor(null, true);
      block.allChildren().forEach((m) => { if (m.fixLayout && m instanceof BlockMorph) m.fixLayout(); });
      scripts.adjustBounds();
      block.changed();
    }

    /** Tells Snap! the project has unsaved changes (its "unsaved" mark and its question before leaving the page). */
    function changed(ide, sprite) {
      if (ide.recordUnsavedChanges) ide.recordUnsavedChanges(sprite && sprite.name);
    }

    return {assembleScript, declareVariables, placeScript, changed};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
