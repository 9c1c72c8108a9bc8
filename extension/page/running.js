// snap-mcp, page side (MAIN world), section "running": the ops run and stop, which wait for Snap!'s processes. A run's
// undo puts back the variables it changed, each with its value and type.
(function (sections) {
  'use strict';

  sections.running = function (page) {
    /** The op `run` once Snap! is known to be ready: starts scripts and waits (at most timeoutMs) until they end. */
    async function run(ide, args) {
      const mode = args.mode || 'green_flag';
      const timeoutMs = Math.min(Math.max(Number(args.timeoutMs) || 10000, 0), 300000);
      const before = page.variablesSnapshot(ide);
      const typedBefore = page.typedVariables(ide);
      const record = {said: [], errors: []};
      if (page.collecting()) throw new page.OpError('bad_args', 'another run is in progress');
      const tracer = args.trace ? page.tracer(ide, args.trace) : null;
      if (mode === 'green_flag') {
        page.collectInto(record);
        ide.runScripts();
      } else if (mode === 'broadcast') {
        if (typeof args.message !== 'string' || !args.message) {
          throw new page.OpError('bad_args', 'message is missing for mode broadcast');
        }
        page.collectInto(record);
        ide.broadcast(args.message);
      } else if (mode === 'script') {
        const sprite = page.spriteNamed(ide, args.sprite);
        const block = page.findScript(sprite, args.id);
        page.collectInto(record);
        ide.stage.threads.startProcess(block, sprite, false, false, null, true);
      } else {
        throw new page.OpError('bad_args', 'mode is green_flag, broadcast or script');
      }
      const t0 = performance.now();
      let finished = false;
      try {
        finished = await until(() => {
          if (tracer) tracer.sample();
          return !busy(ide);
        }, timeoutMs);
      } finally {
        page.stopCollecting();
      }
      const after = page.variablesSnapshot(ide);
      const changedVars = {};
      new Set(Object.keys(before).concat(Object.keys(after))).forEach((k) => {
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
          changedVars[k] = {before: before[k] === undefined ? null : before[k], after: after[k] === undefined ? null : after[k]};
        }
      });
      const changes = page.variableChanges(typedBefore, page.typedVariables(ide));
      const names = changes.map((v) => (v.sprite === null ? v.name : `${v.sprite}/${v.name}`));
      return Object.assign(tracer ? tracer.finish() : {}, {
        finished,
        elapsedMs: Math.round(performance.now() - t0),
        said: record.said,
        variables: {changed: changedVars},
        errors: record.errors,
        // A run that changed no variable leaves nothing to undo (what sprites did on the stage is not taken back).
        change: changes.length ? {summary: `ran ${describeRun(mode, args)}, which changed ${names.join(', ')}`,
          undo: {kind: 'run', variables: changes}} : null,
      });
    }

    function describeRun(mode, args) {
      if (mode === 'broadcast') return `the broadcast "${args.message}"`;
      if (mode === 'script') return `script ${args.id}`;
      return 'the green flag';
    }

    /** The op `stop` once Snap! is known to be ready. */
    async function stop(ide) {
      ide.stop();
      // Stopped processes leave Snap!'s list on its next step: answer once they have.
      const stopped = await until(
        () => ide.stage.threads.processes.every((p) => p.isDead || !p.isRunning()) && !ide.isRunning(), 2000);
      return {stopped};
    }

    function busy(ide) {
      return ide.stage.threads.processes.some((p) => p.isRunning() && !p.errorFlag && !p.isGenericCondition);
    }

    /**
     * Snap! runs its scripts in its drawing loop (requestAnimationFrame), which Chrome pauses in a tab nobody looks at:
     * the usual case while a person talks to their assistant in another window. While we wait for Snap! in such a tab,
     * we turn its loop ourselves (stepping only: nothing is painted until the tab is seen again), in bursts. Between
     * bursts we yield through a MessageChannel, which Chrome does not throttle in hidden tabs as it does timers.
     */
    function stepWhileHidden(condition) {
      const w = window.world;
      if (!document.hidden || !w || typeof w.stepFrame !== 'function') return;
      const end = performance.now() + 50;
      while (performance.now() < end && !condition()) {
        w.stepFrame();
        if (typeof w.stepAnimations === 'function') w.stepAnimations();
      }
    }

    function later(fn) {
      if (document.hidden) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { channel.port1.close(); fn(); };
        channel.port2.postMessage(0);
      } else {
        setTimeout(fn, 20);
      }
    }

    function until(condition, timeoutMs) {
      return new Promise((resolve) => {
        const deadline = performance.now() + timeoutMs;
        (function check() {
          stepWhileHidden(condition);
          if (condition()) { resolve(true); return; }
          if (performance.now() >= deadline) { resolve(false); return; }
          later(check);
        })();
      });
    }

    return {run, stop};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
