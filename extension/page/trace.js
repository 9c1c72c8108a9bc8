// snap-mcp, page side (MAIN world), section "trace": a run seen over time, not only its end (issue 15, snap_run's
// `trace`). While the run goes, every `everyMs` the watched variables are sampled (those with a watcher showing on
// the stage; with none showing, every variable, at most MAX_NAMES) and a picture of the stage is taken, up to
// `frames`; the pictures come back as ONE PNG, the frames side by side (a filmstrip), each FRAME_W x FRAME_H.
(function (sections) {
  'use strict';

  sections.trace = function (page) {
    const FRAME_W = 160;
    const FRAME_H = 120;
    const GAP = 4;
    const MAX_NAMES = 12;

    function checkArgs(trace) {
      const everyMs = Number(trace.everyMs === undefined ? 250 : trace.everyMs);
      const frames = Number(trace.frames === undefined ? 8 : trace.frames);
      if (!Number.isInteger(everyMs) || everyMs < 20 || everyMs > 10000) {
        throw new page.OpError('bad_args', 'trace.everyMs is a whole number from 20 to 10000');
      }
      if (!Number.isInteger(frames) || frames < 1 || frames > 24) {
        throw new page.OpError('bad_args', 'trace.frames is a whole number from 1 to 24');
      }
      return {everyMs, frames};
    }

    function watchedNames(ide) {
      const names = [];
      ide.stage.children.forEach((m) => {
        if (typeof WatcherMorph !== 'undefined' && m instanceof WatcherMorph && m.isVisible && !m.isTemporary()
          && typeof m.getter === 'string' && m.target instanceof VariableFrame) {
          const owner = m.target.owner;
          names.push(owner && owner !== ide.stage && owner.name && m.target !== ide.stage.globalVariables()
            ? `${owner.name}/${m.getter}` : m.getter);
        }
      });
      return names;
    }

    /** A sampler for one run: call sample() often; it takes a frame when one is due. */
    function tracer(ide, trace) {
      const {everyMs, frames} = checkArgs(trace);
      const watched = watchedNames(ide);
      const t0 = performance.now();
      const samples = [];
      const canvases = [];
      function take(now) {
        const all = page.variablesSnapshot(ide);
        const keys = watched.length ? watched : Object.keys(all).slice(0, MAX_NAMES);
        const variables = {};
        keys.forEach((k) => { variables[k] = all[k] === undefined ? null : all[k]; });
        samples.push({atMs: Math.round(now - t0), variables});
        canvases.push(ide.stage.fullImage());
      }
      return {
        sample() {
          const now = performance.now();
          if (samples.length < frames && now - t0 >= samples.length * everyMs) take(now);
        },
        /** The end: a last frame if frames are left (the run's end state), then the filmstrip. */
        finish() {
          if (samples.length < frames) take(performance.now());
          const strip = document.createElement('canvas');
          strip.width = canvases.length * FRAME_W + (canvases.length - 1) * GAP;
          strip.height = FRAME_H;
          const g = strip.getContext('2d');
          g.fillStyle = '#444';
          g.fillRect(0, 0, strip.width, strip.height);
          canvases.forEach((c, i) => g.drawImage(c, i * (FRAME_W + GAP), 0, FRAME_W, FRAME_H));
          const url = strip.toDataURL('image/png');
          return {
            trace: {everyMs, frames: samples.length, watched: watched.length ? watched : 'all', samples,
              filmstrip: {width: strip.width, height: strip.height, frameWidth: FRAME_W, gap: GAP}},
            filmstripPng: url.slice(url.indexOf(',') + 1),
          };
        },
      };
    }

    return {tracer};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
