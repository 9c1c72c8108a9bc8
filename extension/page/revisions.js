// snap-mcp, page side (MAIN world), section "revisions": a script's revision, a short string derived from its text
// code only, so it changes whenever its blocks change (by anyone) and is the same after a reload. replace_script and
// delete_script take the revision the assistant read; a script changed since is refused with changed_since_read.
(function (sections) {
  'use strict';

  sections.revisions = function (page) {
    /** FNV-1a (32 bits) over the UTF-8 bytes of `code`, in base 36: at most 7 characters. */
    function revisionOf(code) {
      let hash = 0x811c9dc5;
      for (const byte of new TextEncoder().encode(String(code))) {
        hash ^= byte;
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
      return hash.toString(36);
    }

    /** Refuses (changed_since_read, nothing changed) when `revision` is given and the script is no longer at it. */
    function checkRevision(sprite, block, revision) {
      if (revision === undefined || revision === null) return;
      if (typeof revision !== 'string') throw new page.OpError('bad_args', 'revision is the string get_project gave');
      const code = page.codeOf(block);
      const now = revisionOf(code);
      if (now === revision) return;
      const id = page.idOf(sprite, block);
      throw new page.OpError('changed_since_read', `Script ${id} has changed since it was read (revision ${revision}, `
        + `now ${now}). Nothing was changed: merge with its current code and try again with revision ${now}.`,
      {id, code, revision: now});
    }

    return {revisionOf, checkRevision};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
