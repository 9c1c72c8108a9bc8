// snap-mcp, page side (MAIN world), section "undo": what each change needs to be taken back as an operation, and the
// op apply_undo, which takes one back.
//
// Every op that changes the project answers `change: {summary, undo}`; the relay (relay.js, where page scripts cannot
// reach it) keeps `undo` in the tab's history and hands it back here when the assistant calls undo. An undo touches
// only what its change touched, so what the person did by hand meanwhile stays. When that very thing was changed
// since (the assistant's script edited by hand), apply_undo refuses with changed_by_user and both versions, and
// changes nothing, unless `force` is true.
(function (sections) {
  'use strict';

  sections.undo = function (page) {
    const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

    function changedByUser(what, assistant, current, details) {
      return new page.OpError('changed_by_user', `${what} Nothing was undone. Undo with force: true to take the `
        + 'change back anyway (what was done by hand to it is then lost too), or leave it.',
      Object.assign({assistant, current}, details));
    }

    /** A script as undo puts it back: its id, place, text code and Snap!'s XML of it. */
    function scriptState(ide, sprite, block) {
      const described = page.describeScript(sprite, block);
      return {id: described.id, code: described.code, x: described.x, y: described.y, xml: page.scriptXml(ide, block)};
    }

    function putScriptBack(ide, sprite, state) {
      const block = page.scriptFromXml(ide, state.xml, sprite);
      page.placeScript(sprite, block, state.x, state.y);
      block.allComments().forEach((comment) => comment.align(block));
      page.restoreNumber(sprite, block, state.id);
      return block;
    }

    function scriptOrNull(sprite, id) {
      try {
        return page.findScript(sprite, id);
      } catch (e) {
        if (e instanceof page.OpError && e.code === 'unknown_script') return null;
        throw e;
      }
    }

    /** The assistant's script as it left it ({sprite, block}; block null if gone), or changed_by_user. */
    function scriptAsLeft(ide, undo, force) {
      const sprite = page.spriteNamed(ide, undo.sprite);
      const block = scriptOrNull(sprite, undo.id);
      const current = block ? page.codeOf(block) : null;
      if (current !== undo.code && !force) {
        throw changedByUser(`Script ${undo.id} of ${sprite.name} was ${block ? 'changed' : 'deleted'} by hand since.`,
          undo.code, current, {sprite: sprite.name, id: undo.id});
      }
      return {sprite, block};
    }

    const VARIABLE_SELECTORS = ['doSetVar', 'doChangeVar', 'doShowVar', 'doHideVar'];

    function usesVariable(block, name) {
      return block.allChildren().some((m) => m instanceof BlockMorph && (
        (m.selector === 'reportGetVar' && m.blockSpec === name)
        || (VARIABLE_SELECTORS.includes(m.selector) && m.inputs()[0] && m.inputs()[0].evaluate() === name)));
    }

    /** The ids of the scripts that read or write a variable of this name. */
    function variableUsers(ide, name) {
      const users = [];
      page.allObjects(ide).forEach((s) => page.topScripts(s).forEach((b) => {
        if (usesVariable(b, name)) users.push(page.idOf(s, b));
      }));
      return users;
    }

    function refreshVariables(ide) {
      if (ide.flushBlocksCache) ide.flushBlocksCache('variables');
      ide.refreshPalette();
    }

    /** Globals a change made for its script go with it, unless a script uses them by now. */
    function dropUnused(ide, names) {
      const globals = ide.stage.globalVariables();
      const dropped = (names || []).filter((name) => own(globals.vars, name) && !variableUsers(ide, name).length);
      dropped.forEach((name) => delete globals.vars[name]);
      if (dropped.length) refreshVariables(ide);
    }

    function variableLabel(undo) {
      return `${undo.sprite ? `${undo.sprite}'s variable` : 'Variable'} ${undo.name}`;
    }

    function frameOrNull(ide, sprite) {
      try {
        return page.frameOf(ide, sprite);
      } catch (e) {
        return null; // its sprite is gone
      }
    }

    /** A run's changes to variables: [{sprite, name, before, after}] (typed; null: the variable did not exist). */
    function variableChanges(before, after) {
      const key = (v) => `${v.sprite === null ? '' : v.sprite}/${v.name}`;
      const was = new Map(before.map((v) => [key(v), v]));
      const is = new Map(after.map((v) => [key(v), v]));
      const changes = [];
      new Set([...was.keys(), ...is.keys()]).forEach((k) => {
        const a = was.get(k);
        const b = is.get(k);
        if (a && b && page.sameTyped(a.typed, b.typed)) return;
        const v = a || b;
        changes.push({sprite: v.sprite, name: v.name, before: a ? a.typed : null, after: b ? b.typed : null});
      });
      return changes;
    }

    /** What a person would call a change to the project: its scripts, variables' names and custom blocks. */
    function projectView(ide) {
      const view = {globals: Object.keys(ide.stage.globalVariables().vars).sort()};
      page.allObjects(ide).forEach((s) => {
        view[`${s.name} scripts`] = page.topScripts(s).map((b) => page.codeOf(b)).sort();
        if (s.variables !== ide.stage.globalVariables()) view[`${s.name} variables`] = Object.keys(s.variables.vars).sort();
      });
      view['custom blocks'] = page.customDefinitions(ide).map((d) => `${d.label} ${d.code}`).sort();
      return view;
    }

    /**
     * What a new or loaded project replaces, to be put back: the project, every variable's value and type, and each
     * object's script ids in reading order (so older changes in the history still name the right scripts).
     */
    function projectBefore(ide) {
      const ids = {};
      page.allObjects(ide).forEach((s) => { ids[s.name] = page.topScripts(s).map((b) => page.idOf(s, b)); });
      return {name: page.projectName(ide), xml: page.projectXml(ide), variables: page.typedVariables(ide), ids};
    }

    /** The scripts of a project put back from its XML get the ids they had (they come back at the same places). */
    function restoreIds(ide, ids) {
      page.allObjects(ide).forEach((s) => {
        const before = ids[s.name] || [];
        page.topScripts(s).forEach((b, i) => {
          if (i < before.length) page.restoreNumber(s, b, before[i]);
        });
      });
    }

    const appliers = {
      add_script(ide, undo, force) {
        const {sprite, block} = scriptAsLeft(ide, undo, force);
        if (block) block.destroy();
        sprite.scripts.adjustBounds();
        dropUnused(ide, undo.declared);
        page.changed(ide, sprite);
        return {sprite: sprite.name, deleted: undo.id};
      },

      replace_script(ide, undo, force) {
        const {sprite, block} = scriptAsLeft(ide, undo, force);
        if (block) block.destroy();
        const back = putScriptBack(ide, sprite, undo.before);
        dropUnused(ide, undo.declared);
        page.changed(ide, sprite);
        return {sprite: sprite.name, script: page.describeScript(sprite, back)};
      },

      delete_script(ide, undo) {
        const sprite = page.spriteNamed(ide, undo.sprite);
        const back = putScriptBack(ide, sprite, undo.before);
        page.changed(ide, sprite);
        return {sprite: sprite.name, script: page.describeScript(sprite, back)};
      },

      define_block(ide, undo, force) {
        return page.undoDefinition(ide, undo, force, changedByUser);
      },

      set_variable(ide, undo, force) {
        const frame = page.frameOf(ide, undo.sprite);
        const exists = own(frame.vars, undo.name);
        const current = exists ? frame.vars[undo.name].value : null;
        const details = {name: undo.name, sprite: undo.sprite};
        if (!force && !exists) {
          throw changedByUser(`${variableLabel(undo)} was deleted by hand since.`, page.shownTyped(undo.after), null, details);
        }
        if (!force && !page.isTyped(current, undo.after)) {
          throw changedByUser(`${variableLabel(undo)} has changed since (by hand or by a script).`,
            page.shownTyped(undo.after), page.toJson(current), details);
        }
        if (undo.created) {
          const users = variableUsers(ide, undo.name);
          if (!force && users.length) {
            throw changedByUser(`${variableLabel(undo)} is used by scripts made since: ${users.join(', ')}.`,
              page.shownTyped(undo.after), page.toJson(current), Object.assign(details, {usedBy: users}));
          }
          if (exists) {
            delete frame.vars[undo.name];
            refreshVariables(ide);
          }
        } else {
          if (!exists) frame.addVar(undo.name, 0);
          frame.vars[undo.name].value = page.fromTyped(undo.before);
        }
        page.changed(ide, null);
        return {variable: undo.name};
      },

      run(ide, undo, force) {
        const assistant = {};
        const current = {};
        undo.variables.forEach((v) => {
          const frame = frameOrNull(ide, v.sprite);
          const exists = !!frame && own(frame.vars, v.name);
          if (v.after === null ? !exists : exists && page.isTyped(frame.vars[v.name].value, v.after)) return;
          const key = v.sprite === null ? v.name : `${v.sprite}/${v.name}`;
          assistant[key] = page.shownTyped(v.after);
          current[key] = exists ? page.toJson(frame.vars[v.name].value) : null;
        });
        if (!force && Object.keys(current).length) {
          throw changedByUser(`Variables the run changed have changed again since: ${Object.keys(current).join(', ')}.`,
            assistant, current);
        }
        let namesChanged = false;
        undo.variables.forEach((v) => {
          const frame = frameOrNull(ide, v.sprite);
          if (!frame) return;
          if (v.before === null) {
            namesChanged = namesChanged || own(frame.vars, v.name);
            delete frame.vars[v.name];
            return;
          }
          if (!own(frame.vars, v.name)) {
            frame.addVar(v.name, 0);
            namesChanged = true;
          }
          frame.vars[v.name].value = page.fromTyped(v.before);
        });
        if (namesChanged) refreshVariables(ide);
        page.changed(ide, null);
        return {variables: undo.variables.map((v) => (v.sprite === null ? v.name : `${v.sprite}/${v.name}`))};
      },

      project(ide, undo, force) {
        const now = projectView(ide);
        const keys = new Set(Object.keys(now).concat(Object.keys(undo.after)));
        const changed = [...keys].filter((k) => JSON.stringify(now[k]) !== JSON.stringify(undo.after[k]));
        if (!force && changed.length) {
          const pick = (view) => Object.fromEntries(changed.map((k) => [k, view[k] === undefined ? null : view[k]]));
          throw changedByUser(`The project was changed by hand since (${changed.join('; ')}).`, pick(undo.after), pick(now));
        }
        page.loadProject(ide, {xml: undo.before.xml});
        restoreIds(ide, undo.before.ids || {});
        page.restoreVariables(ide, undo.before.variables);
        return {name: page.projectName(ide)};
      },
    };

    /** The op apply_undo: {undo: a change's `undo`, force?}. */
    function applyUndo(ide, args) {
      const undo = args.undo;
      if (!undo || typeof undo !== 'object' || !own(appliers, undo.kind)) {
        throw new page.OpError('bad_args', 'undo is what a change answered (change.undo)');
      }
      if (args.force !== undefined && typeof args.force !== 'boolean') {
        throw new page.OpError('bad_args', 'force is true or false');
      }
      return appliers[undo.kind](ide, undo, args.force === true);
    }

    /** A JSON value in a summary: short. */
    function brief(value) {
      const text = JSON.stringify(value === undefined ? null : value);
      return text.length > 40 ? `${text.slice(0, 39)}…` : text;
    }

    return {applyUndo, scriptState, variableChanges, projectView, projectBefore, brief};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
