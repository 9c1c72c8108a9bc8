// snap-mcp, page side (MAIN world), section "scripts": finding sprites and scripts, and naming scripts.
//
// A script's id is "SPRITE#N": N is given once per script (in reading order) and kept for the page's life, so an id
// the assistant was given stays valid while other scripts come and go.
(function (sections) {
  'use strict';

  sections.scripts = function (page) {
    const scriptNumbers = new WeakMap(); // block morph -> N
    const nextNumber = new WeakMap(); // sprite -> next N

    function requireReady() {
      const r = page.readiness();
      if (!r.ready) throw new page.OpError('not_ready', `Snap! is not ready: ${r.reason}`);
      // The watch installs the hooks on its next poll; an op arriving sooner (a run right after the load) needs them now,
      // or what the sprites say and the errors they raise go unrecorded.
      page.installHooks();
      return page.ideOf();
    }

    function allObjects(ide) {
      return [ide.stage].concat(ide.sprites.asArray());
    }

    function spriteNamed(ide, name) {
      if (name === undefined || name === null || name === '') return ide.currentSprite;
      const found = allObjects(ide).find((s) => s.name === name) ||
        allObjects(ide).find((s) => s.name.toLowerCase() === String(name).toLowerCase()) ||
        (String(name).toLowerCase() === 'stage' ? ide.stage : null);
      if (!found) {
        const sprites = allObjects(ide).map((s) => s.name);
        throw new page.OpError('unknown_sprite', `There is no sprite named "${name}". Sprites: ${sprites.join(', ')}`, {sprites});
      }
      return found;
    }

    function topScripts(sprite) {
      return sprite.scripts.children
        .filter((m) => typeof BlockMorph !== 'undefined' && m instanceof BlockMorph)
        .sort((a, b) => (a.top() - b.top()) || (a.left() - b.left()));
    }

    function numberOf(sprite, block) {
      let n = scriptNumbers.get(block);
      if (n === undefined) {
        n = nextNumber.get(sprite) || 1;
        nextNumber.set(sprite, n + 1);
        scriptNumbers.set(block, n);
      }
      return n;
    }

    /** A script that replaces another keeps its number, so its id does not change. */
    function passNumber(from, to) {
      scriptNumbers.set(to, scriptNumbers.get(from));
    }

    /** A script put back by undo gets the number of its id ("Sprite#3") again, if no script has it now. */
    function restoreNumber(sprite, block, id) {
      const n = Number(String(id).slice(String(id).lastIndexOf('#') + 1));
      if (!Number.isInteger(n) || n < 1 || topScripts(sprite).some((b) => b !== block && scriptNumbers.get(b) === n)) {
        return numberOf(sprite, block);
      }
      scriptNumbers.set(block, n);
      if ((nextNumber.get(sprite) || 1) <= n) nextNumber.set(sprite, n + 1);
      return n;
    }

    function idOf(sprite, block) {
      return `${sprite.name}#${numberOf(sprite, block)}`;
    }

    function listScripts(sprite) {
      // Number every script first (in reading order), so ids do not depend on which was asked for first.
      const scripts = topScripts(sprite);
      scripts.forEach((b) => numberOf(sprite, b));
      return scripts.map((b) => describeScript(sprite, b));
    }

    function findScript(sprite, id) {
      if (!id) throw new page.OpError('bad_args', 'give the script id, e.g. "Sprite#1" (see get_project)');
      const hash = String(id).lastIndexOf('#');
      const n = Number(String(id).slice(hash + 1));
      const block = topScripts(sprite).find((b) => {
        numberOf(sprite, b);
        return scriptNumbers.get(b) === n;
      });
      if (hash < 0 || !block) {
        throw new page.OpError('unknown_script', `There is no script "${id}" in ${sprite.name}. Its scripts: ${
          topScripts(sprite).map((b) => idOf(sprite, b)).join(', ') || 'none'}`);
      }
      return block;
    }

    function scale() {
      return (typeof SyntaxElementMorph !== 'undefined' && SyntaxElementMorph.prototype.scale) || 1;
    }

    function describeScript(sprite, block) {
      const origin = sprite.scripts.topLeft();
      const code = codeOf(block);
      const revision = page.revisionOf(code);
      return {
        id: idOf(sprite, block),
        code,
        revision,
        author: page.authorOf(block, revision),
        x: Math.round((block.left() - origin.x) / scale()),
        y: Math.round((block.top() - origin.y) / scale()),
      };
    }

    /** The script starting at `block` as text code: a sequence of blocks, without an outer pair of parentheses. */
    function codeOf(block) {
      const tree = Process.prototype.toTextSyntax(block.components());
      if (tree instanceof List && tree.length() > 0 && tree.at(1) instanceof List) {
        return tree.itemsArray().map((item) => item.encode(0, 0)).join(' ');
      }
      return tree.encode(0, 0);
    }

    /** A script as Snap!'s own XML (<script>…</script>, comments included): what undo puts back. */
    function scriptXml(ide, block) {
      return ide.serializer.serialize({toXML: (serializer) => block.toScriptXML(serializer)});
    }

    /** The top block of a script read from scriptXml's XML for `sprite`, not yet in any scripting area. */
    function scriptFromXml(ide, xml, sprite) {
      const block = ide.serializer.loadScriptModel(ide.serializer.parse(xml), sprite);
      if (!(block instanceof BlockMorph)) throw new page.OpError('snap_error', 'Snap! could not read the script back');
      return block;
    }

    return {
      requireReady, allObjects, spriteNamed, topScripts, numberOf, passNumber, restoreNumber, idOf, listScripts,
      findScript, scale, describeScript, codeOf, scriptXml, scriptFromXml,
    };
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
