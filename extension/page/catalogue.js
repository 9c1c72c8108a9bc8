// snap-mcp, page side (MAIN world), section "catalogue": the op find_blocks, Snap!'s primitives looked up by words,
// each with its inputs in plain words and an example in text code the assistant can copy.
(function (sections) {
  'use strict';

  sections.catalogue = function (page) {
    const SLOT_WORDS = {
      '%n': 'number', '%s': 'text', '%txt': 'text', '%b': 'boolean', '%boolUE': 'boolean', '%l': 'list',
      '%c': 'commands', '%cs': 'commands', '%cl': 'commands', '%ca': 'commands', '%repRing': 'reporter ring',
      '%cmdRing': 'command ring', '%predRing': 'predicate ring', '%var': 'variable name', '%upvar': 'upvar',
      '%mult%s': 'texts…', '%mult%n': 'numbers…', '%inputs': 'inputs…', '%msg': 'message', '%clr': 'color',
      '%hyperVar': 'variable name', '%anyUE': 'any', '%elseif': 'else if…', '%scriptVars': 'names…', '%spr': 'sprite',
    };

    function slotsOf(spec) {
      return BlockMorph.prototype.parseSpec(spec)
        .filter((p) => p.length > 1 && p[0] === '%' && p !== '%br' && !p.startsWith('%_'));
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
          '%n': '1', '%s': 'hello', '%txt': 'hello', '%l': '(list 1 2 3)', '%var': 'score', '%hyperVar': 'score',
          '%upvar': 'item'};
        args.push(filler[s] || 'nil');
      }
      const block = `(${name}${args.length ? ' ' + args.join(' ') : ''})`;
      if (info.type === 'hat') return `${block} (forward 10)`;
      if (info.type === 'reporter' || info.type === 'predicate') return `(say ${block})`;
      return block;
    }

    /** The op `find_blocks`: it needs Snap!'s scripts, not a ready IDE. */
    function findBlocks(args) {
      const query = String(args.query || '').toLowerCase().split(/\s+/).filter((w) => w.length);
      const category = args.category || null;
      const limit = Math.min(Math.max(Number(args.limit) || 20, 1), 200);
      if (typeof SpriteMorph === 'undefined') throw new page.OpError('not_ready', "Snap!'s scripts have not loaded");
      const blocks = SpriteMorph.prototype.blocks;
      const found = [];
      Object.keys(blocks).forEach((selector) => {
        const info = blocks[selector];
        if (!info || !info.spec || info.dev || info.type === 'ring' || page.forbiddenSelector(selector)) return;
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
    }

    return {findBlocks};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
