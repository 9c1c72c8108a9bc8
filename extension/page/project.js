// snap-mcp, page side (MAIN world), section "project": the whole project read as JSON or XML, a new one, one loaded.
(function (sections) {
  'use strict';

  sections.project = function (page) {
    /** The op `get_project` once Snap! is known to be ready. */
    function describeProject(ide) {
      const sprites = ide.sprites.asArray().map((s) => ({
        name: s.name,
        x: Math.round(s.xPosition() * 100) / 100,
        y: Math.round(s.yPosition() * 100) / 100,
        direction: s.direction(),
        costume: s.costume ? s.costume.name : null,
        visible: s.isVisible,
        size: s.getScale ? s.getScale() : null,
        variables: page.varsOf(s.variables),
        scripts: page.listScripts(s),
      }));
      const custom = [];
      ide.stage.globalBlocks.forEach((d) => custom.push(page.describeDefinition(d, 'global')));
      page.allObjects(ide).forEach((s) =>
        (s.customBlocks || []).forEach((d) => custom.push(page.describeDefinition(d, 'sprite', s))));
      return {
        name: page.projectName(ide),
        scenes: ide.scenes.itemsArray().map((s) => s.name),
        currentScene: ide.scene.name,
        currentSprite: ide.currentSprite.name,
        stage: {
          name: ide.stage.name,
          costume: ide.stage.costume ? ide.stage.costume.name : null,
          variables: page.varsOf(ide.stage.variables),
          scripts: page.listScripts(ide.stage),
        },
        sprites,
        globals: page.varsOf(ide.stage.globalVariables()),
        customBlocks: custom,
      };
    }

    /**
     * The project as XML, the way Snap!'s own "Export project" does it. api.js's getProjectXML skips the capture and
     * the re-apply around the serializer, and the serializer leaves SpriteMorph.prototype.blocks replaced by a list of
     * bootstrapped definitions: afterwards Snap! knows no primitive at all.
     */
    function projectXml(ide) {
      ide.scene.captureGlobalSettings();
      try {
        return ide.serializer.serialize(new Project(ide.scenes, ide.scene));
      } finally {
        ide.scene.applyGlobalSettings();
      }
    }

    /** The op `load_project` once Snap! is known to be ready. */
    function loadProject(ide, args) {
      const xml = args.xml;
      if (typeof xml !== 'string' || !/^\s*<project[\s>]/.test(xml)) {
        throw new page.OpError('bad_args', 'xml must be a Snap! project (<project …>)');
      }
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length) throw new page.OpError('bad_args', 'xml is not well-formed');
      // What api.js's loadProjectXML does, done in one go instead of over the next world steps, so a project Snap!
      // cannot open fails this op at once instead of never answering.
      ide.onNextStep = null;
      ide.world().animations = [];
      SpriteMorph.prototype.initBlocks();
      // Snap! reports a project it cannot read only on screen ("Load failed: …"): listen for that message.
      let failure = null;
      const own = Object.prototype.hasOwnProperty.call(ide, 'showMessage') ? ide.showMessage : null;
      const show = ide.showMessage;
      ide.showMessage = function (message) {
        if (String(message).startsWith('Load failed')) failure = String(message);
        return show.apply(this, arguments);
      };
      try {
        ide.rawOpenProjectString(xml.trim());
      } catch (e) {
        failure = e.message;
      } finally {
        if (own) ide.showMessage = own; else delete ide.showMessage;
      }
      if (failure) throw new page.OpError('snap_error', `Snap! could not open the project: ${failure}`);
      return {name: page.projectName(ide)};
    }

    return {describeProject, projectXml, loadProject};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
