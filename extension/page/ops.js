// snap-mcp, page side (MAIN world), section "ops": the operations the bridge may ask for (docs/protocol.md,
// "Operations"), and exec, which runs one and shapes its answer. Each op that needs a usable IDE asks for it first
// (requireReady), so a Snap! that is not ready refuses with not_ready and the reason. Each op that changes the
// project also answers `change: {summary, undo}` (page/undo.js): the relay keeps `undo` and hands it to apply_undo.
(function (sections) {
  'use strict';

  sections.ops = function (page) {
    // The order of this table is the order the unknown_op error lists the ops in.
    const ops = {
      status() {
        return {};
      },

      get_project() {
        return page.describeProject(page.requireReady());
      },

      add_script(args) {
        const ide = page.requireReady();
        const sprite = page.spriteNamed(ide, args.sprite);
        const block = page.assembleScript(args.code, sprite, ide);
        const declared = page.declareVariables(args.code, sprite, ide);
        page.placeScript(sprite, block, args.x, args.y);
        page.markScript(sprite, block);
        page.numberOf(sprite, block);
        page.changed(ide, sprite);
        const script = page.describeScript(sprite, block);
        return {sprite: sprite.name, script, declared, change: {
          summary: `added script ${script.id} to ${sprite.name}`,
          undo: {kind: 'add_script', sprite: sprite.name, id: script.id, code: script.code, declared},
        }};
      },

      replace_script(args) {
        const ide = page.requireReady();
        const sprite = page.spriteNamed(ide, args.sprite);
        const old = page.findScript(sprite, args.id);
        page.checkRevision(sprite, old, args.revision);
        const block = page.assembleScript(args.code, sprite, ide);
        const before = page.scriptState(ide, sprite, old);
        const declared = page.declareVariables(args.code, sprite, ide);
        old.destroy();
        page.passNumber(old, block);
        page.placeScript(sprite, block, before.x, before.y);
        page.markScript(sprite, block);
        page.changed(ide, sprite);
        const script = page.describeScript(sprite, block);
        return {sprite: sprite.name, script, was: before.code, declared, change: {
          summary: `replaced script ${script.id} of ${sprite.name}`,
          undo: {kind: 'replace_script', sprite: sprite.name, id: script.id, code: script.code, declared, before},
        }};
      },

      delete_script(args) {
        const ide = page.requireReady();
        const sprite = page.spriteNamed(ide, args.sprite);
        const block = page.findScript(sprite, args.id);
        page.checkRevision(sprite, block, args.revision);
        const before = page.scriptState(ide, sprite, block);
        block.destroy();
        sprite.scripts.adjustBounds();
        page.changed(ide, sprite);
        return {sprite: sprite.name, deleted: before.id, was: before.code, change: {
          summary: `deleted script ${before.id} of ${sprite.name}`,
          undo: {kind: 'delete_script', sprite: sprite.name, id: before.id, before},
        }};
      },

      define_block(args) {
        return page.defineBlock(page.requireReady(), args);
      },

      get_variables(args) {
        const ide = page.requireReady();
        const sprites = {};
        const chosen = args.sprite ? [page.spriteNamed(ide, args.sprite)] : page.allObjects(ide);
        chosen.forEach((s) => { sprites[s.name] = page.varsOf(s.variables); });
        return {globals: page.varsOf(ide.stage.globalVariables()), sprites};
      },

      set_variable(args) {
        const ide = page.requireReady();
        const name = args.name;
        if (typeof name !== 'string' || !name.trim()) throw new page.OpError('bad_args', 'name is missing');
        page.checkVariableName(name);
        const frame = args.sprite ? page.spriteNamed(ide, args.sprite).variables : ide.stage.globalVariables();
        const created = !Object.prototype.hasOwnProperty.call(frame.vars, name);
        const before = created ? null : page.typedOf(frame.vars[name].value);
        if (created) frame.addVar(name, 0);
        frame.setVar(name, page.fromJson(args.value));
        if (created) {
          if (ide.flushBlocksCache) ide.flushBlocksCache('variables');
          ide.refreshPalette();
        }
        page.changed(ide, null);
        const sprite = args.sprite ? page.spriteNamed(ide, args.sprite).name : null;
        const value = page.toJson(frame.getVar(name));
        return {name, value, scope: sprite ? 'sprite' : 'global', created, change: {
          summary: `${created ? 'made' : 'set'} ${sprite ? `${sprite}'s variable` : 'variable'} ${name} = ${page.brief(value)}`,
          undo: {kind: 'set_variable', name, sprite, created, before, after: page.typedOf(frame.vars[name].value)},
        }};
      },

      run(args) {
        return page.run(page.requireReady(), args);
      },

      stop() {
        page.stopNarration();
        return page.stop(page.requireReady());
      },

      screenshot(args) {
        return page.picture(page.requireReady(), args);
      },

      narrate_start(args) {
        return page.narrateStart(page.requireReady(), args);
      },

      narrate_step(args) {
        page.requireReady();
        return page.narrateStep(args);
      },

      narrate_end(args) {
        return page.narrateEnd(page.requireReady(), args);
      },

      explain(args) {
        return page.explain(page.requireReady(), args);
      },

      find_blocks(args) {
        return page.findBlocks(args);
      },

      new_project(args) {
        return page.replaceProject(page.requireReady(), args, 'new');
      },

      get_project_xml() {
        const ide = page.requireReady();
        return {name: page.projectName(ide), xml: page.projectXml(ide)};
      },

      load_project(args) {
        return page.replaceProject(page.requireReady(), args, 'load');
      },

      apply_undo(args) {
        return page.applyUndo(page.requireReady(), args);
      },
    };

    /** Runs one op: a Promise of {ok:true, value} (the value carries the state after it) or {ok:false, error}. */
    async function exec(op, args) {
      try {
        if (!Object.prototype.hasOwnProperty.call(ops, op)) {
          throw new page.OpError('unknown_op', `unknown op "${op}"; ops: ${Object.keys(ops).join(', ')}`);
        }
        const value = await ops[op](args || {});
        return {ok: true, value: page.capAll(Object.assign({}, value, {state: page.stateOf()}))};
      } catch (e) {
        if (e instanceof page.OpError) {
          return {ok: false, error: page.capAll(Object.assign({code: e.code, message: e.message},
            e.details ? {details: e.details} : {}))};
        }
        return {ok: false, error: {code: 'snap_error', message: page.capText(`Snap! failed: ${e && e.message ? e.message : e}`)}};
      }
    }

    return {exec};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
