// snap-mcp, page side (MAIN world), section "narrate": a script built block by block where the student can follow it
// (issue 15, `narrate` of snap_add_script and snap_replace_script). The server drives the pace: narrate_start makes
// the whole script (so a mistake in the code is refused before anything shows) and shows its first block,
// narrate_step shows the next one (highlighted, with its note in a balloon), narrate_end finishes: with `complete`
// it adds what is not shown yet, otherwise (snap_stop, a cancelled call) the script stays as far as it was shown,
// which is a whole script of its own. Only narrate_end answers with a `change`, so the tab's undo history holds the
// narrated script as ONE change, taken back by one undo like a plain add or replace.
//
// Steps follow the script's top-level sequence: a C-block (repeat, forever, if) arrives with what it holds.
//
// Each op is its own command in the bridge's queue, so another client's command may run between two steps (it sees
// the script as far as shown: a whole script). The server names its narration (`narration`, a random id) in every op:
// a step or end for a narration that is no longer the current one (a newer narration finished it, or the page was
// reloaded) answers `stopped` (step) or an error (end) and never touches the current one.
(function (sections) {
  'use strict';

  sections.narrate = function (page) {
    let current = null;

    function sequenceOf(top) {
      const blocks = [];
      for (let b = top; b; b = (b instanceof CommandBlockMorph) ? b.nextBlock() : null) blocks.push(b);
      return blocks;
    }

    function highlight(block, note) {
      page.clearExplanation();
      if (current && current.lit) current.lit.unflash();
      if (!block) return;
      block.flash(new Color(255, 140, 0));
      current.lit = block;
      if (note) {
        const text = page.plainText(String(note));
        const temporaries = block.world() ? block.world().hand.temporaries : [];
        block.showBubble(text, false, current.sprite);
        current.bubble = temporaries.length ? temporaries[temporaries.length - 1] : null;
      } else if (current.bubble) {
        if (current.bubble.parent) current.bubble.destroy();
        current.bubble = null;
      }
    }

    function start(ide, args) {
      if (current) end(ide, {complete: true}); // one left open (its server went away): finish it first
      const sprite = page.spriteNamed(ide, args.sprite);
      const replacing = args.id !== undefined && args.id !== null;
      const old = replacing ? page.findScript(sprite, args.id) : null;
      if (old) page.checkRevision(sprite, old, args.revision);
      const top = page.assembleScript(args.code, sprite, ide);
      const blocks = sequenceOf(top);
      const notes = Array.isArray(args.notes) ? args.notes : [];
      const before = old ? page.scriptState(ide, sprite, old) : null;
      const declared = page.declareVariables(args.code, sprite, ide);
      for (let i = blocks.length - 1; i > 0; i -= 1) blocks[i - 1].removeChild(blocks[i]);
      if (old) {
        old.destroy();
        page.passNumber(old, top);
        page.placeScript(sprite, top, before.x, before.y);
      } else {
        page.placeScript(sprite, top, args.x, args.y);
        page.numberOf(sprite, top);
      }
      if (ide.currentSprite !== sprite) ide.selectSprite(sprite);
      current = {sprite, top, blocks, notes, shown: 1, stopped: false, declared, before, lit: null, bubble: null,
        code: args.code, narration: nameOf(args)};
      top.scrollIntoView();
      highlight(top, notes[0]);
      return {steps: blocks.length, shown: 1, block: page.describeScript(sprite, top).code};
    }

    function attachNext() {
      const previous = current.blocks[current.shown - 1];
      const next = current.blocks[current.shown];
      previous.nextBlock(next);
      current.top.fixBlockColor(null, true);
      current.sprite.scripts.adjustBounds();
      current.shown += 1;
      return next;
    }

    /** The narration an op names (a short string), or null when it names none. */
    function nameOf(args) {
      const given = args && args.narration;
      return typeof given === 'string' ? given.slice(0, 64) : null;
    }

    /** Whether the op is meant for another narration than the current one. */
    function foreign(args) {
      const named = nameOf(args);
      return named !== null && (!current || current.narration !== named);
    }

    function step(args) {
      if (foreign(args)) return {steps: 0, shown: 0, stopped: true, superseded: true};
      if (!current) throw new page.OpError('bad_args', 'no narrated script is being built');
      if (!current.stopped && current.shown < current.blocks.length) {
        const next = attachNext();
        next.scrollIntoView();
        highlight(next, current.notes[current.shown - 1]);
      }
      return {steps: current.blocks.length, shown: current.shown, stopped: current.stopped};
    }

    function end(ide, args) {
      if (foreign(args)) {
        throw new page.OpError('bad_args', 'this narrated script was ended by another call (a newer narration or a '
          + 'reload of the tab); it stays as far as it was shown: read it with snap_get_project');
      }
      if (!current) throw new page.OpError('bad_args', 'no narrated script is being built');
      const n = current;
      if (args.complete && !n.stopped) {
        while (n.shown < n.blocks.length) attachNext();
      }
      highlight(null);
      if (n.bubble && n.bubble.parent) n.bubble.destroy();
      current = null;
      const {sprite, top} = n;
      top.allChildren().forEach((m) => { if (m instanceof BlockMorph && m.fixLayout) m.fixLayout(); });
      page.markScript(sprite, top);
      page.changed(ide, sprite);
      const script = page.describeScript(sprite, top);
      const narrated = {steps: n.blocks.length, shown: n.shown, stopped: n.stopped};
      if (n.before) {
        return {sprite: sprite.name, script, was: n.before.code, declared: n.declared, narrated, change: {
          summary: `replaced script ${script.id} of ${sprite.name} (narrated)`,
          undo: {kind: 'replace_script', sprite: sprite.name, id: script.id, code: script.code, declared: n.declared,
            before: n.before},
        }};
      }
      return {sprite: sprite.name, script, declared: n.declared, narrated, change: {
        summary: `added script ${script.id} to ${sprite.name} (narrated)`,
        undo: {kind: 'add_script', sprite: sprite.name, id: script.id, code: script.code, declared: n.declared},
      }};
    }

    /** The stop sign: a narration shows no further block (its end keeps what is shown). */
    function stopNarration() {
      if (current) current.stopped = true;
    }

    return {narrateStart: start, narrateStep: step, narrateEnd: end, stopNarration};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
