// snap-mcp, page side (MAIN world), section "explain": a balloon with the assistant's words next to one block of a
// script, that block highlighted, until the student clicks or a time passes (issue 15, snap_explain).
//
// A block is named by its script's id and a path: 1-based indices into the script's text code nesting. The script is
// a sequence of blocks: [2] is its second block. An index into a block picks its input (after the block's name, as
// the text code writes them): [2, 1] is the first input of the second block. A C-slot input holds a sequence, so
// [2, 1, 3] is the third block inside it; a reporter block in an input is itself a block: [1, 1] is the reporter in
// the first block's first input. A path ending on a sequence, a plain value or nothing at all names the block that
// holds it (an empty path: the script's first block).
//
// The text is the assistant's, so it is shown only as text: Snap! draws a string in a balloon on its canvas (a
// TextMorph), never as HTML; control characters are dropped and it is capped at MAX_TEXT characters.
(function (sections) {
  'use strict';

  sections.explain = function (page) {
    const MAX_TEXT = 500;
    let current = null; // {block, bubble, timer}

    function sequenceFrom(block) {
      const blocks = [];
      for (let b = block; b; b = (b instanceof CommandBlockMorph) ? b.nextBlock() : null) blocks.push(b);
      return blocks;
    }

    /** A block's inputs in the text code's order (a variadic input's slots in place). */
    function inputsOf(block) {
      const out = [];
      block.inputs().forEach((input) => {
        if (typeof MultiArgMorph !== 'undefined' && input instanceof MultiArgMorph) {
          input.inputs().forEach((each) => out.push(each));
        } else {
          out.push(input);
        }
      });
      return out;
    }

    /** The block `path` names in the script whose top block is `top`, and the path as far as it was followed. */
    function blockAt(top, path) {
      if (!Array.isArray(path)) throw new page.OpError('bad_args', 'path must be an array of whole numbers, e.g. [2, 1, 1]');
      let sequence = sequenceFrom(top);
      let block = top;
      let inSequence = true;
      for (let i = 0; i < path.length; i += 1) {
        const n = path[i];
        if (!Number.isInteger(n) || n < 1) throw new page.OpError('bad_args', `path[${i}] must be a whole number from 1`);
        if (inSequence) {
          if (n > sequence.length) {
            throw new page.OpError('bad_args', `path ${JSON.stringify(path.slice(0, i + 1))}: that sequence has ${sequence.length} block(s)`);
          }
          block = sequence[n - 1];
          inSequence = false;
        } else {
          const inputs = inputsOf(block);
          if (n > inputs.length) {
            throw new page.OpError('bad_args', `path ${JSON.stringify(path.slice(0, i + 1))}: that block has ${inputs.length} input(s)`);
          }
          const input = inputs[n - 1];
          if (input instanceof BlockMorph) {
            block = input;
          } else if (input instanceof CommandSlotMorph) {
            const nested = input.nestedBlock();
            if (!nested) break; // an empty C-slot: the block holding it
            sequence = sequenceFrom(nested);
            inSequence = true;
          } else {
            break; // a plain value: the block holding it
          }
        }
      }
      return block;
    }

    function plainText(text) {
      if (typeof text !== 'string' || !text.trim()) throw new page.OpError('bad_args', 'text is missing');
      // eslint-disable-next-line no-control-regex
      const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
      return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
    }

    /** One block as text code (with what its slots hold, without the blocks after it). */
    function oneBlockCode(block) {
      try {
        return Process.prototype.toTextSyntax(block.syntaxTree([])).encode(0, 0);
      } catch (e) {
        return null;
      }
    }

    function clearExplanation() {
      if (!current) return;
      const {block, bubble, timer} = current;
      current = null;
      clearTimeout(timer);
      if (bubble && bubble.parent) bubble.destroy();
      if (block) block.unflash();
    }

    function explain(ide, args) {
      const sprite = page.spriteNamed(ide, args.sprite);
      const top = page.findScript(sprite, args.id);
      const text = plainText(args.text);
      const seconds = args.seconds === undefined ? 30 : Number(args.seconds);
      if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) {
        throw new page.OpError('bad_args', 'seconds must be between 1 and 600');
      }
      const block = blockAt(top, args.path || []);
      clearExplanation();
      if (ide.currentSprite !== sprite) ide.selectSprite(sprite);
      block.scrollIntoView();
      // Snap!'s own highlight (what flashSpriteScriptAt does): this block's colour only, not the blocks after it.
      block.flash(new Color(255, 140, 0));
      const world = ide.world();
      const temporaries = world.hand.temporaries;
      block.showBubble(text, false, sprite); // with the sprite, the balloon sits at the block's right, not over it
      // showBubble pops the balloon up as the hand's temporary: Snap! removes it on the student's next click.
      const bubble = temporaries.length ? temporaries[temporaries.length - 1] : null;
      const shown = {block, bubble, timer: null};
      shown.timer = setTimeout(() => { if (current === shown) clearExplanation(); }, seconds * 1000);
      if (bubble) {
        const destroy = bubble.destroy;
        bubble.destroy = function () {
          destroy.call(this);
          if (current === shown) clearExplanation(); // the click that closed the balloon also ends the outline
        };
      }
      current = shown;
      const bounds = block.fullBounds();
      return {
        sprite: sprite.name,
        id: page.idOf(sprite, top),
        path: args.path || [],
        block: oneBlockCode(block),
        text,
        seconds,
        at: {x: Math.round(bounds.left()), y: Math.round(bounds.top()), width: Math.round(bounds.width()),
          height: Math.round(bounds.height())},
        balloon: bubble ? {x: Math.round(bubble.left()), y: Math.round(bubble.top()),
          width: Math.round(bubble.width()), height: Math.round(bubble.height())} : null,
      };
    }

    /** Whether an explanation is on screen now, and where (for tests and the status). */
    function explanation() {
      if (!current) return null;
      const b = current.block.fullBounds();
      return {block: {x: b.left(), y: b.top()}, balloon: current.bubble && current.bubble.parent ? {
        x: current.bubble.left(), y: current.bubble.top()} : null};
    }

    return {explain, clearExplanation, explanation, blockAt, plainText};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
