// snap-mcp, page side (MAIN world), section "definitions": custom blocks ("Make a block"), made or changed by the op
// define_block, described for get_project, and put back as they were (or removed) by undo.
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
      let before = null;
      if (existing >= 0) {
        const old = holder[existing];
        if (old.type !== def.type) {
          throw new page.OpError('bad_args', `a ${old.type} block "${abstract}" already exists; its type cannot change`);
        }
        before = definitionState(ide, old);
        old.spec = def.spec;
        old.category = def.category;
        old.declarations = def.declarations;
        old.body = def.body;
      } else {
        holder.push(def);
      }
      const kept = existing >= 0 ? holder[existing] : def;
      page.markDefinition(kept, describeDefinition(kept, scope, null).code);
      refreshDefinition(ide, kept);
      page.changed(ide, sprite);
      const block = describeDefinition(kept, scope, scope === 'sprite' ? sprite : null);
      return {block, change: {
        summary: `${before ? 'changed' : 'defined'} ${scope} block "${block.label}"`,
        undo: {kind: 'define_block', scope, sprite: scope === 'sprite' ? sprite.name : null, label: abstract,
          after: {spec: block.spec, category: block.category, code: block.code}, before},
      }};
    }

    function refreshDefinition(ide, def) {
      if (ide.flushPaletteCache) ide.flushPaletteCache();
      if (ide.refreshEmptyCategories) ide.refreshEmptyCategories();
      ide.refreshPalette();
      page.allObjects(ide).forEach((s) => {
        if (s.allBlockInstances) s.allBlockInstances(def).forEach((b) => b.refresh && b.refresh());
      });
    }

    /** What define_block changes of an existing definition, to be put back by undo. */
    function definitionState(ide, def) {
      const body = def.body && def.body.expression instanceof BlockMorph ? def.body.expression : null;
      return {
        spec: def.spec,
        category: def.category,
        declarations: Array.from(def.declarations.entries()),
        body: body ? page.scriptXml(ide, body) : null,
        inputs: def.body && def.body.inputs ? def.body.inputs.slice() : [],
      };
    }

    /** The scripts (ids) and other custom blocks (labels) that use a definition. */
    function usersOf(ide, def) {
      const uses = (block) => block.allChildren().some((m) => m.isCustomBlock && m.definition === def);
      const users = [];
      page.allObjects(ide).forEach((s) => page.topScripts(s).forEach((b) => {
        if (uses(b)) users.push(page.idOf(s, b));
      }));
      allDefinitions(ide).forEach(({def: other}) => {
        if (other !== def && other.body && other.body.expression instanceof BlockMorph && uses(other.body.expression)) {
          users.push(`block "${other.abstractBlockSpec()}"`);
        }
      });
      return users;
    }

    /** Undo of define_block: the old definition back, or a new one gone (changedByUser makes the refusal). */
    function undoDefinition(ide, undo, force, changedByUser) {
      const owner = undo.scope === 'sprite' ? page.spriteNamed(ide, undo.sprite) : ide.stage;
      const holder = undo.scope === 'sprite' ? owner.customBlocks : ide.stage.globalBlocks;
      const index = holder.findIndex((d) => d.abstractBlockSpec() === undo.label);
      const def = index >= 0 ? holder[index] : null;
      const now = def ? describeDefinition(def, undo.scope) : null;
      const current = now ? {spec: now.spec, category: now.category, code: now.code} : null;
      const details = {block: undo.label};
      if (!force && JSON.stringify(current) !== JSON.stringify(undo.after)) {
        throw changedByUser(`Block "${undo.label}" was ${def ? 'changed' : 'deleted'} by hand since.`, undo.after,
          current, details);
      }
      if (!def) return {block: undo.label};
      if (!undo.before) {
        const users = usersOf(ide, def);
        if (!force && users.length) {
          throw changedByUser(`Block "${undo.label}" is used since by ${users.join(', ')}.`, undo.after, current,
            Object.assign(details, {usedBy: users}));
        }
        owner.deleteAllBlockInstances(def);
        holder.splice(holder.indexOf(def), 1);
        refreshDefinition(ide, def);
        page.changed(ide, null);
        return {block: undo.label, deleted: true};
      }
      const b = undo.before;
      def.spec = b.spec;
      def.category = b.category;
      def.declarations = new Map(b.declarations.map(([name, slot]) => [name, slot.map((x) => (x === null ? undefined : x))]));
      if (b.body) {
        const body = new Context(null, page.scriptFromXml(ide, b.body, owner));
        body.inputs = b.inputs.slice();
        def.body = body;
      } else {
        def.body = null;
      }
      refreshDefinition(ide, def);
      page.changed(ide, null);
      return {block: describeDefinition(def, undo.scope, undo.scope === 'sprite' ? owner : null)};
    }

    /** Every custom block definition of the project: [{def, scope, sprite}]. */
    function allDefinitions(ide) {
      const all = ide.stage.globalBlocks.map((def) => ({def, scope: 'global', sprite: null}));
      page.allObjects(ide).forEach((s) => (s.customBlocks || []).forEach((def) => all.push({def, scope: 'sprite', sprite: s})));
      return all;
    }

    /** Every custom block, described as get_project shows it. */
    function customDefinitions(ide) {
      return allDefinitions(ide).map(({def, scope, sprite}) => describeDefinition(def, scope, sprite));
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
        author: page.authorOfDefinition(def, code),
      }, sprite ? {sprite: sprite.name} : {});
    }

    return {defineBlock, describeDefinition, undoDefinition, customDefinitions};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
