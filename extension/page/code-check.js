// snap-mcp, page side (MAIN world), section "code-check": the checks on text code that need none of Snap!'s morphs,
// made before Snap! builds anything. Snap! turns an unknown block name silently into an empty variable block, so an
// unknown name is refused here, with the nearest names Snap! does know.
//
// `table` is {blocks, migrations}: SpriteMorph.prototype.blocks and .blockMigrations on the page, a fake in the tests.
(function (sections) {
  'use strict';

  sections.codeCheck = function (page) {
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
          if (depth < 0) throw new page.OpError('parse_error', `unbalanced ")" at character ${i + 1}`);
        }
      }
      if (quoted) throw new page.OpError('parse_error', 'a double quote (") is not closed');
      if (depth > 0) throw new page.OpError('parse_error', `${depth} "(" not closed`);
    }

    function knownName(name, labels, table) {
      if (typeof name !== 'string') return true;
      const lower = name.toLowerCase();
      if (lower === 'get' || lower === 'items') return true;
      const blocks = table.blocks;
      if (Object.prototype.hasOwnProperty.call(blocks, name)) return true;
      if (table.migrations && table.migrations[name]) return true;
      const isCode = (k) => blocks[k] && typeof blocks[k].code === 'string' && blocks[k].code.toLowerCase() === lower;
      if (Object.keys(blocks).some(isCode)) return true;
      return labels.some((l) => l.toLowerCase() === lower);
    }

    function allNames(labels, table) {
      const blocks = table.blocks;
      const names = new Set();
      Object.keys(blocks).forEach((k) => {
        if (!blocks[k] || blocks[k].dev) return;
        names.add(blocks[k].code || k);
        names.add(k);
      });
      labels.forEach((l) => names.add(l));
      return Array.from(names);
    }

    /** Levenshtein distance, ignoring case. */
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

    /** The five names nearest to `name`; a name that `name` begins is nearer (a half-typed name finds its block). */
    function suggestionsFor(name, labels, table) {
      const lower = name.toLowerCase();
      return allNames(labels, table)
        .map((n) => ({n, score: distance(name, n) - (n.toLowerCase().startsWith(lower) ? 2 : 0)}))
        .sort((x, y) => x.score - y.score || x.n.length - y.n.length)
        .slice(0, 5)
        .map((x) => x.n);
    }

    /** Refuses the parsed blocks (`items`, Snap! Lists) if any block name is unknown; `labels` are custom blocks'. */
    function checkNames(items, labels, table) {
      const unknown = [];
      const seen = new Set();
      (function walk(node) {
        if (!(node instanceof List) || node.isEmpty()) return;
        const head = node.at(1);
        if (typeof head === 'string' && !knownName(head, labels, table) && !seen.has(head)) {
          seen.add(head);
          unknown.push({name: head, suggestions: suggestionsFor(head, labels, table)});
        }
        node.itemsArray().forEach(walk);
      })(new List(items));
      if (unknown.length) {
        throw new page.OpError('unknown_block',
          unknown.map((u) => `Snap! has no block "${u.name}"; nearest: ${u.suggestions.join(', ')}`).join('. ') +
            '. Use find_blocks to look names up.',
          {unknown});
      }
    }

    return {checkBalanced, knownName, distance, suggestionsFor, checkNames};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
