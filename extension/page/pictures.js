// snap-mcp, page side (MAIN world), section "pictures": the stage, a sprite's scripts or the whole IDE as a PNG.
(function (sections) {
  'use strict';

  sections.pictures = function (page) {
    // The stage at its own size (Snap!'s 480x360), whatever the zoom or the stage's size on screen.
    const STAGE_WIDTH = 480;
    const STAGE_HEIGHT = 360;

    function pngOf(canvas, width, height, target) {
      let c = canvas;
      if (!c) {
        c = document.createElement('canvas');
        c.width = width || 1;
        c.height = height || 1;
      }
      if (width && height && (c.width !== width || c.height !== height)) {
        const scaled = document.createElement('canvas');
        scaled.width = width;
        scaled.height = height;
        scaled.getContext('2d').drawImage(c, 0, 0, width, height);
        c = scaled;
      }
      const url = c.toDataURL('image/png');
      return {png: url.slice(url.indexOf(',') + 1), width: c.width, height: c.height, target};
    }

    /** The op `screenshot` once Snap! is known to be ready. */
    function picture(ide, args) {
      const target = args.target || 'stage';
      if (target === 'stage') {
        return pngOf(ide.stage.fullImage(), STAGE_WIDTH, STAGE_HEIGHT, target);
      }
      if (target === 'scripts') {
        const sprite = page.spriteNamed(ide, args.sprite);
        const pic = sprite.scripts.scriptsPicture();
        return Object.assign(pngOf(pic, pic ? 0 : 1, pic ? 0 : 1, target), {sprite: sprite.name});
      }
      if (target === 'ide') {
        return pngOf(window.world.worldCanvas, 0, 0, target);
      }
      throw new page.OpError('bad_args', 'target is stage, scripts or ide');
    }

    return {picture};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
