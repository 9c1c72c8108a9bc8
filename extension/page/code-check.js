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

    // Blocks no op builds or loads, whatever the user's JavaScript setting (Protocol.FORBIDDEN_BLOCKS in the Java):
    // each runs JavaScript or loads code. The bridge's tools check first; this check never relies on them.
    const forbidden = globalThis.snapMcpConstants.forbiddenBlocks;
    const modulePrefix = globalThis.snapMcpConstants.moduleVariablePrefix;

    function forbiddenSelector(name) {
      if (typeof name !== 'string') return null;
      const lower = name.trim().toLowerCase();
      return forbidden.find((b) => b.selector.toLowerCase() === lower) || null;
    }

    function refuse(found, where, outcome) {
      throw new page.OpError('forbidden_block', `Refused: ${where} holds ${found.selector}, and ${found.why}. No ` +
        `snap-mcp tool builds or loads code that runs JavaScript or loads scripts. ${outcome}`,
      {selector: found.selector, where});
    }

    /** Refuses blocks Snap! built from text code (`top` and everything in it) that hold a forbidden block. */
    function checkBuiltBlocks(top) {
      top.allChildren().forEach((m) => {
        let found = null;
        if (m instanceof BlockMorph) {
          found = forbiddenSelector(m.selector) ||
            (m.definition && m.definition.primitive ? forbiddenSelector(m.definition.primitive) : null);
        } else if (m instanceof InputSlotMorph) {
          const text = String(m.evaluate());
          found = forbiddenSelector(text);
          if (!found && text.startsWith(modulePrefix)) checkVariableName(text);
        }
        if (found) refuse(found, 'the code', 'Nothing was changed; write it with Snap!\'s other blocks.');
      });
    }

    const moduleFound = {selector: modulePrefix, why: `a variable named ${modulePrefix}… makes Snap! load the script ` +
      'at its address when the project opens'};

    /** Refuses a variable name that would make Snap! load a script when the project opens. */
    function checkVariableName(name) {
      if (String(name).startsWith(modulePrefix)) {
        refuse(moduleFound, `the variable "${page.capText(String(name))}"`, 'Nothing was changed; choose another name.');
      }
    }

    /** Where an element of a project's XML sits, as a person says it. */
    function placeOf(element) {
      let definition = null;
      let script = 0;
      let variable = null;
      let owner = null;
      let scene = null;
      for (let e = element; e && e.nodeType === 1; e = e.parentNode) {
        const tag = e.tagName;
        if (tag === 'block-definition' && definition === null) definition = e.getAttribute('s');
        else if (tag === 'variable' && variable === null) variable = e.getAttribute('name');
        else if (tag === 'script' && !script && e.parentNode && e.parentNode.tagName === 'scripts') {
          script = Array.from(e.parentNode.children).filter((c) => c.tagName === 'script').indexOf(e) + 1;
        } else if ((tag === 'sprite' || tag === 'stage') && owner === null) owner = e.getAttribute('name');
        else if (tag === 'scene' && scene === null && e.parentNode) {
          const all = Array.from(e.parentNode.children).filter((c) => c.tagName === 'scene');
          if (all.length > 1) scene = `scene ${all.indexOf(e) + 1} "${page.capText(e.getAttribute('name') || '')}"`;
        }
      }
      let where = definition !== null ? `custom block "${page.capText(definition)}"`
        : script ? `script ${script} (in the XML's order)`
          : variable !== null ? `variable "${page.capText(variable)}"` : 'the project';
      if (owner !== null) where += ` of "${page.capText(owner)}"`;
      else if (definition !== null || variable !== null) where += ' (global)';
      return scene ? `${where} in ${scene}` : where;
    }

    /** Refuses a parsed project (a DOM Document) that holds a forbidden block anywhere, saying where. */
    function checkProjectXml(doc) {
      const outcome = 'The project was not loaded, nothing changed.';
      for (const e of Array.from(doc.getElementsByTagName('*'))) {
        let found = null;
        let how = '';
        if (e.tagName === 'block') found = forbiddenSelector(e.getAttribute('s'));
        else if (e.tagName === 'block-definition') {
          found = forbiddenSelector(e.getAttribute('primitive'));
          how = ' (a custom block bound to it)';
        } else if (e.tagName === 'l' && !e.children.length) {
          found = forbiddenSelector(e.textContent);
          how = ' (named as a text here)';
        } else if (e.tagName === 'variable' && String(e.getAttribute('name') || '').startsWith(modulePrefix)) {
          found = moduleFound;
        }
        if (found) refuse({selector: found.selector, why: found.why + how}, placeOf(e), outcome);
      }
    }

    return {checkBalanced, knownName, distance, suggestionsFor, checkNames, checkBuiltBlocks, checkProjectXml,
      checkVariableName, forbiddenSelector};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
