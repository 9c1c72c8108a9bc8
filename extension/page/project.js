// snap-mcp, page side (MAIN world), section "project": the whole project read as JSON or XML, a new one, one loaded
// (from the product's own files with every value's type as it was saved).
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
        customBlocks: page.customDefinitions(ide),
      };
    }

    /**
     * The project as XML, the way Snap!'s own "Export project" does it. api.js's getProjectXML skips the capture and
     * the re-apply around the serializer, and the serializer leaves SpriteMorph.prototype.blocks replaced by a list of
     * bootstrapped definitions: afterwards Snap! knows no primitive at all. Variables whose type Snap!'s XML would
     * lose carry their typed value as well (page/typed-values.js), which loadProject reads back.
     */
    function projectXml(ide) {
      ide.scene.captureGlobalSettings();
      try {
        return page.typedProjectXml(() => ide.serializer.serialize(new Project(ide.scenes, ide.scene)));
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
      page.applyEmbeddedTypes(ide, doc);
      return {name: page.projectName(ide)};
    }

    /** The op `new_project` or `load_project`, with what undo needs: the project it replaces, every value typed. */
    function replaceProject(ide, args, kind) {
      const before = page.projectBefore(ide);
      const value = kind === 'new' ? newProject(ide, args) : loadProject(ide, args);
      return Object.assign(value, {change: {
        summary: `${kind === 'new' ? 'new' : 'loaded'} project "${value.name}" in place of "${before.name}"`,
        undo: {kind: 'project', before, after: page.projectView(ide)},
      }});
    }

    function newProject(ide, args) {
      ide.newProject();
      if (args.name) ide.setProjectName(String(args.name));
      return {name: page.projectName(ide)};
    }

    return {describeProject, projectXml, loadProject, replaceProject};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
