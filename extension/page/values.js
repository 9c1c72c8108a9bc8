// snap-mcp, page side (MAIN world), section "values": Snap! values to JSON and back.
//
// JSON answers must stay small and finite whatever a program built: a list is cut after MAX_VALUE_ITEMS items in all
// and 20 levels deep ("…" marks the cut); what JSON cannot hold (rings, costumes, sprites) becomes a short text.
(function (sections) {
  'use strict';

  sections.values = function (page) {
    const MAX_VALUE_ITEMS = 10000;

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
        try {
          return value.expression instanceof BlockMorph ? `(ring ${page.codeOf(value.expression)})` : '(ring)';
        } catch (e) {
          return '(ring)';
        }
      }
      if (typeof Costume !== 'undefined' && value instanceof Costume) return `costume ${value.name}`;
      if (typeof Sound !== 'undefined' && value instanceof Sound) return `sound ${value.name}`;
      if (typeof SpriteMorph !== 'undefined' && (value instanceof SpriteMorph || value instanceof StageMorph)) {
        return `sprite ${value.name}`;
      }
      if (value instanceof Morph) return value.constructor.name;
      return String(value);
    }

    /** JSON to a Snap! value: arrays become lists, objects lists of [key, value] pairs, null 0 (Snap!'s empty). */
    function fromJson(value) {
      if (Array.isArray(value)) return new List(value.map(fromJson));
      if (value !== null && typeof value === 'object') {
        return new List(Object.keys(value).map((k) => new List([k, fromJson(value[k])])));
      }
      return value === null || value === undefined ? 0 : value;
    }

    /** The visible variables of one Snap! VariableFrame, as JSON. */
    function varsOf(frame) {
      const out = {};
      Object.keys(frame.vars).forEach((name) => {
        const v = frame.vars[name];
        if (v && !v.isHidden) out[name] = toJson(v.value);
      });
      return out;
    }

    /** Every variable of the project in one flat map ("name" for globals, "Sprite/name" for a sprite's own). */
    function variablesSnapshot(ide) {
      const flat = {};
      Object.entries(varsOf(ide.stage.globalVariables())).forEach(([k, v]) => { flat[k] = v; });
      page.allObjects(ide).forEach((s) => {
        if (s.variables && s.variables !== ide.stage.globalVariables()) {
          Object.entries(varsOf(s.variables)).forEach(([k, v]) => { flat[`${s.name}/${k}`] = v; });
        }
      });
      return flat;
    }

    return {toText, toJson, fromJson, varsOf, variablesSnapshot};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
