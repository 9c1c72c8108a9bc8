// snap-mcp, page side (MAIN world), section "authors": who wrote what (issue 15). A script or custom block the
// assistant writes carries a Snap! comment attached to its top block (a definition: its comment, shown on the hat in
// the block editor), which the student sees and which Snap!'s own save and load keep like any comment:
//
//   Written by the AI assistant
//   (snap-mcp, rev 1x2y3z)
//
// The revision is that of the code the assistant wrote (revisions.js). A script's author is then `assistant` (its
// code still has that revision), `assistant-edited` (it was changed since, by a person or a script) or `user` (no mark).
(function (sections) {
  'use strict';

  sections.authors = function (page) {
    const FIRST_LINE = 'Written by the AI assistant';
    const MARK = /\(snap-mcp, rev ([0-9a-z]+)\)/;

    function markText(revision) {
      return `${FIRST_LINE}\n(snap-mcp, rev ${revision})`;
    }

    /** Attaches the mark to a script already in its scripting area. */
    function markScript(sprite, block) {
      const revision = page.revisionOf(page.codeOf(block));
      if (block.comment) block.comment.destroy();
      const comment = new CommentMorph(markText(revision));
      comment.block = block;
      block.comment = comment;
      sprite.scripts.add(comment);
      comment.align(block);
      sprite.scripts.adjustBounds();
      return revision;
    }

    /** Marks a custom block's definition, unless a person's own comment is on it. */
    function markDefinition(def, code) {
      if (def.comment && !MARK.test(def.comment.text())) return;
      def.comment = new CommentMorph(markText(page.revisionOf(code || '')));
    }

    function authorFrom(comment, revision) {
      const text = comment && comment.text ? comment.text() : '';
      if (!text.includes('snap-mcp')) return 'user';
      const match = MARK.exec(text);
      return match && match[1] === revision ? 'assistant' : 'assistant-edited';
    }

    /** `assistant`, `assistant-edited` or `user` for the script whose top block is `block`. */
    function authorOf(block, revision) {
      return authorFrom(block.comment, revision);
    }

    function authorOfDefinition(def, code) {
      return authorFrom(def.comment, page.revisionOf(code || ''));
    }

    return {markScript, markDefinition, authorOf, authorOfDefinition};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
