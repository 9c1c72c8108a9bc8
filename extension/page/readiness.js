// snap-mcp, page side (MAIN world), section "readiness": whether Snap! is usable now, and if not, why.
//
// This script may arrive before Snap!'s scripts (content script at document_start) or long after Snap! is ready
// (injected by the service worker into tabs that were open when the extension was installed): it never assumes either.
(function (sections) {
  'use strict';

  sections.readiness = function () {
    const CYCLES_BEFORE_READY = 5;

    let cycles = 0;
    let hookedWorld = null;
    let everReady = false; // once ready, a dialog or a costume still loading no longer makes Snap! "not ready"

    function ideOf() {
      const w = window.world;
      if (!w || !Array.isArray(w.children) || typeof IDE_Morph === 'undefined') return null;
      return w.children.find((m) => m instanceof IDE_Morph) || null;
    }

    // Counts world cycles without changing what Snap! does: an own property on the one WorldMorph instance.
    function hookWorld(w) {
      if (hookedWorld === w || typeof w.doOneCycle !== 'function') return;
      const original = w.doOneCycle;
      w.doOneCycle = function () {
        cycles += 1;
        return original.apply(this, arguments);
      };
      hookedWorld = w;
    }

    function snapVersion() {
      return typeof SnapVersion === 'string' ? SnapVersion : null;
    }

    function isLoadingAssets(ide) {
      return ide.sprites.asArray().concat([ide.stage]).some((any) =>
        (any.costume ? any.costume.loaded !== true : false) ||
        any.costumes.asArray().some((each) => each.loaded !== true));
    }

    /** Whether Snap! is usable now, and if not, why (in words a person can act on). */
    function readiness() {
      if (document.readyState === 'loading') return notReady('the Snap! page is still loading');
      if (typeof IDE_Morph === 'undefined' || typeof SpriteMorph === 'undefined' || typeof Process === 'undefined') {
        return notReady("Snap!'s scripts have not loaded (IDE_Morph is missing): is this a Snap! page?");
      }
      if (!window.world || typeof WorldMorph === 'undefined' || !(window.world instanceof WorldMorph)) {
        return notReady('Snap! has not created its world yet');
      }
      hookWorld(window.world);
      const ide = ideOf();
      if (!ide) return notReady('the Snap! IDE has not been built yet');
      if (!ide.stage) return notReady('the IDE has no stage yet');
      if (!ide.spriteBar) return notReady('the IDE has no sprite bar yet');
      if (!ide.palette) return notReady('the IDE has no block palette yet');
      if (!ide.corral) return notReady('the IDE has no sprite corral yet');
      if (!ide.scene || !ide.sprites || !ide.currentSprite) return notReady('no project is open yet');
      if (ide.shield) return notReady('Snap! is busy opening a project');
      if (!everReady) {
        const dialog = window.world.children.find((m) => typeof DialogBoxMorph !== 'undefined' && m instanceof DialogBoxMorph);
        if (dialog) {
          const title = dialog.labelString || (dialog.label && dialog.label.text) || 'a dialog';
          return notReady(`a dialog is open in Snap! ("${title}"): close it`);
        }
        if (isLoadingAssets(ide)) return notReady('Snap! is still loading costumes');
        // A tab opened in the background draws nothing until someone looks at it; Snap! is usable all the same.
        if (cycles < CYCLES_BEFORE_READY && !document.hidden) return notReady('Snap! has not started drawing yet');
      }
      return {ready: true, snap: snapVersion(), project: projectName(ide)};

      function notReady(reason) {
        return {ready: false, reason, snap: snapVersion()};
      }
    }

    function projectName(ide) {
      return (ide.getProjectName && ide.getProjectName()) || (ide.scene && ide.scene.name) || '';
    }

    function stateOf() {
      const r = readiness();
      return r.ready ? {ready: true, project: r.project, snap: r.snap}
        : {ready: false, project: null, snap: r.snap, reason: r.reason};
    }

    return {
      ideOf, readiness, projectName, stateOf,
      everReady: () => everReady,
      markEverReady() { everReady = true; },
    };
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
