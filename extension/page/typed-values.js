// snap-mcp, page side (MAIN world), section "typed-values": variable values kept with their types, for undo and for
// the product's own project files.
//
// A kept value ("typed") is {json} when JSON holds it exactly (finite numbers, text, booleans, lists of those, nested),
// so a number stays a number and a list stays a list of the same items; anything else (a ring, a costume, a sprite) is
// held by the page itself and kept as {ref}. Snap!'s XML stores every value as text: the product's own saves add each
// such variable's typed value as an attribute Snap! ignores (snapmcp-value="JSON"), which the product's load reads back
// for a variable whose value Snap! opened is that value as text. Snap!'s own saves drop the attribute.
(function (sections) {
  'use strict';

  sections.typedValues = function (page) {
    const MAX_ITEMS = 100000;
    const MAX_DEPTH = 64;
    const HELD_LIMIT = 500;
    const ATTRIBUTE = 'snapmcp-value';
    const NOT_EXACT = Symbol('not exact');
    const held = new Map(); // ref -> value, oldest first
    const refs = new Map(); // value -> ref
    let nextRef = 1;

    /** The value as JSON when JSON holds it exactly, else NOT_EXACT. */
    function exactJson(value, depth = 0, budget = {left: MAX_ITEMS}) {
      if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_EXACT;
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof List !== 'undefined' && value instanceof List) {
        if (depth >= MAX_DEPTH) return NOT_EXACT;
        const out = [];
        for (const item of value.itemsArray()) {
          if (budget.left-- <= 0) return NOT_EXACT;
          const json = exactJson(item, depth + 1, budget);
          if (json === NOT_EXACT) return NOT_EXACT;
          out.push(json);
        }
        return out;
      }
      return NOT_EXACT;
    }

    function typedOf(value) {
      const json = exactJson(value);
      if (json !== NOT_EXACT) return {json};
      let ref = refs.get(value);
      if (!ref) {
        ref = `v${nextRef++}`;
        refs.set(value, ref);
        held.set(ref, value);
        if (held.size > HELD_LIMIT) {
          const [oldest, old] = held.entries().next().value;
          held.delete(oldest);
          refs.delete(old);
        }
      }
      return {ref};
    }

    function fromJson(json) {
      return Array.isArray(json) ? new List(json.map(fromJson)) : json;
    }

    /** The value a typed record stands for (a list is a new list of the same items). */
    function fromTyped(typed) {
      if (typed && Object.prototype.hasOwnProperty.call(typed, 'json')) return fromJson(typed.json);
      if (typed && held.has(typed.ref)) return held.get(typed.ref);
      throw new page.OpError('snap_error', 'that value is no longer held by this page, so it cannot be put back');
    }

    function sameTyped(a, b) {
      if (!a || !b) return a === b;
      if ('json' in a || 'json' in b) return 'json' in a && 'json' in b && JSON.stringify(a.json) === JSON.stringify(b.json);
      return a.ref === b.ref;
    }

    /** Whether `value` is what the typed record stands for, type included. */
    function isTyped(value, typed) {
      return sameTyped(typedOf(value), typed);
    }

    /** A typed record as JSON an answer can show. */
    function shownTyped(typed) {
      if (!typed) return null;
      return 'json' in typed ? typed.json : page.toJson(held.get(typed.ref));
    }

    /** A sprite's own variables (sprite named) or the globals (sprite null). */
    function frameOf(ide, sprite) {
      return sprite === null || sprite === undefined ? ide.stage.globalVariables() : page.spriteNamed(ide, sprite).variables;
    }

    /** Every variable of the project, typed: [{sprite (null for a global), name, typed}]. */
    function typedVariables(ide) {
      const out = [];
      const globals = ide.stage.globalVariables();
      const add = (sprite, frame) => Object.keys(frame.vars).forEach((name) =>
        out.push({sprite, name, typed: typedOf(frame.vars[name].value)}));
      add(null, globals);
      page.allObjects(ide).forEach((s) => { if (s.variables && s.variables !== globals) add(s.name, s.variables); });
      return out;
    }

    /** Puts typed values back (those JSON holds), creating a variable that is missing. */
    function restoreVariables(ide, variables) {
      variables.forEach(({sprite, name, typed}) => {
        if (!typed || !('json' in typed)) return;
        let frame;
        try { frame = frameOf(ide, sprite); } catch (e) { return; } // that sprite is gone
        if (!Object.prototype.hasOwnProperty.call(frame.vars, name)) frame.addVar(name, 0);
        frame.vars[name].value = fromTyped(typed);
      });
    }

    /** Snap!'s own project XML plus each variable's typed value where the XML's text would lose the type. */
    function typedProjectXml(serialize) {
      const original = VariableFrame.prototype.toXML;
      VariableFrame.prototype.toXML = function (serializer) {
        return Object.keys(this.vars).map((name) => {
          const one = Object.create(VariableFrame.prototype);
          one.vars = {[name]: this.vars[name]};
          const xml = original.call(one, serializer);
          const json = exactJson(this.vars[name].value);
          if (json === NOT_EXACT || typeof json === 'string' || typeof json === 'boolean') return xml;
          return xml.replace(/^<variable /, `<variable ${ATTRIBUTE}="${XML_Element.prototype.escape(JSON.stringify(json))}" `);
        }).join('');
      };
      try {
        return serialize();
      } finally {
        VariableFrame.prototype.toXML = original;
      }
    }

    /** After Snap! opened `doc` (a parsed project): the typed values it carries, where Snap! holds them as text. */
    function applyEmbeddedTypes(ide, doc) {
      const scenes = doc.querySelector('project > scenes');
      if (!scenes) return;
      const scene = scenes.querySelectorAll(':scope > scene')[(Number(scenes.getAttribute('select')) || 1) - 1];
      if (!scene) return;
      const typedIn = (frame, elements) => elements.forEach((element) => {
        const name = element.getAttribute('name');
        if (!Object.prototype.hasOwnProperty.call(frame.vars, name)) return;
        let json;
        try { json = JSON.parse(element.getAttribute(ATTRIBUTE)); } catch (e) { return; }
        if (asText(json) === asText(exactJson(frame.vars[name].value))) frame.vars[name].value = fromJson(json);
      });
      const typed = `variables > variable[${ATTRIBUTE}]`;
      typedIn(ide.stage.globalVariables(), scene.querySelectorAll(`:scope > ${typed}`));
      typedIn(ide.stage.variables, scene.querySelectorAll(`:scope > stage > ${typed}`));
      scene.querySelectorAll(':scope > stage > sprites > sprite').forEach((element) => {
        const sprite = ide.sprites.asArray().find((s) => s.name === element.getAttribute('name'));
        if (sprite) typedIn(sprite.variables, element.querySelectorAll(`:scope > ${typed}`));
      });
    }

    /** A JSON value as Snap!'s XML would give it back: every leaf as text. */
    function asText(json) {
      if (json === NOT_EXACT) return NOT_EXACT;
      return JSON.stringify(json, (key, v) => (Array.isArray(v) ? v : (v !== null && typeof v === 'object' ? v : String(v))));
    }

    return {
      typedOf, fromTyped, sameTyped, isTyped, shownTyped, frameOf, typedVariables, restoreVariables, typedProjectXml,
      applyEmbeddedTypes,
    };
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
