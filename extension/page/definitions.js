// snap-mcp, page side (MAIN world), section "definitions": custom blocks ("Make a block"), made or changed by the op
// define_block, and described for get_project.
(function (sections) {
  'use strict';

  sections.definitions = function (page) {
    /** The op `define_block` once Snap! is known to be ready. */
    function defineBlock(ide, args) {
      const label = String(args.label || '').trim();
      if (!label) throw new page.OpError('bad_args', 'label is missing, e.g. "jump %height"');
      const type = args.type || 'command';
      if (!['command', 'reporter', 'predicate'].includes(type)) {
        throw new page.OpError('bad_args', 'type is command, reporter or predicate');
      }
      const category = args.category || 'other';
      if (!SpriteMorph.prototype.allCategories().includes(category)) {
        throw new page.OpError('bad_args',
          `unknown category "${category}"; categories: ${SpriteMorph.prototype.allCategories().join(', ')}`);
      }
      const scope = args.scope || 'global';
      if (!['global', 'sprite'].includes(scope)) throw new page.OpError('bad_args', 'scope is global or sprite');
      const sprite = page.spriteNamed(ide, args.sprite);
      const words = label.split(/\s+/);
      const declared = Array.isArray(args.inputs) ? args.inputs : [];
      const inputNames = words.filter((w) => w.length > 1 && w[0] === '%').map((w) => w.slice(1));
      declared.forEach((i) => {
        if (!i || !inputNames.includes(i.name)) {
          throw new page.OpError('bad_args', `input "${i && i.name}" is not in the label; write it as %${i && i.name}`);
        }
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
        const body = page.assembleScript(args.code, sprite, ide, [abstract]);
        page.declareVariables(args.code, sprite, ide, inputNames);
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
          throw new page.OpError('bad_args', `a ${old.type} block "${abstract}" already exists; its type cannot change`);
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
      page.allObjects(ide).forEach((s) => {
        if (s.allBlockInstances) s.allBlockInstances(kept).forEach((b) => b.refresh && b.refresh());
      });
      page.changed(ide, sprite);
      return {block: describeDefinition(kept, scope, scope === 'sprite' ? sprite : null)};
    }

    /** An input's type in words (number, list, ...) to Snap!'s slot spec; a spec (%n) passes as it is. */
    function slotType(word) {
      const types = {number: '%n', text: '%s', any: '%s', boolean: '%b', list: '%l', command: '%cs', commands: '%cs',
        reporter: '%repRing', predicate: '%predRing'};
      if (!word) return '%s';
      if (word[0] === '%') return word;
      return types[word] || '%s';
    }

    function describeDefinition(def, scope, sprite) {
      let code = '';
      try {
        code = def.body && def.body.expression instanceof BlockMorph ? page.codeOf(def.body.expression) : '';
      } catch (e) {
        code = '';
      }
      return Object.assign({
        label: def.abstractBlockSpec(),
        spec: def.spec,
        category: def.category,
        type: def.type,
        scope,
        code,
      }, sprite ? {sprite: sprite.name} : {});
    }

    return {defineBlock, describeDefinition};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
