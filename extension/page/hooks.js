// snap-mcp, page side (MAIN world), section "hooks": what sprites say and runtime errors. Installed once Snap! is
// ready (or an op needs them sooner); each hook calls Snap!'s original first, so Snap! behaves as without us.
(function (sections) {
  'use strict';

  sections.hooks = function (page) {
    let collector = null; // {said:[], errors:[]} while a `run` is in progress
    let hooksInstalled = false;

    function installHooks() {
      if (hooksInstalled) return;
      hooksInstalled = true;
      const originalBubble = SpriteMorph.prototype.bubble;
      SpriteMorph.prototype.bubble = function (data, isThought, isQuestion) {
        const result = originalBubble.apply(this, arguments);
        if (collector && data !== '' && data !== null && data !== undefined) {
          const kind = isThought ? 'think' : (isQuestion ? 'ask' : 'say');
          collector.said.push({sprite: this.name, text: page.toText(data), kind});
        }
        return result;
      };
      const originalThrow = Process.prototype.throwError;
      const throwError = function (error, element) {
        try {
          const top = this.topBlock;
          const receiver = this.homeContext && this.homeContext.receiver;
          const sprite = receiver && receiver.name;
          const scriptId = top && receiver ? page.idOf(receiver, top.topBlock ? top.topBlock() : top) : null;
          const entry = {message: String((error && error.message) || error), sprite, scriptId};
          if (collector) collector.errors.push(entry);
          page.emit(Object.assign({event: 'error'}, entry));
        } catch (e) { /* never break Snap!'s own error display */ }
        return originalThrow.apply(this, arguments);
      };
      if (Process.prototype.handleError === originalThrow) Process.prototype.handleError = throwError;
      Process.prototype.throwError = throwError;
    }

    return {
      installHooks,
      /** Whether a `run` is collecting now (one at a time). */
      collecting: () => collector !== null,
      /** What sprites say and the errors raised go into `run` ({said:[], errors:[]}) until stopCollecting. */
      collectInto(run) { collector = run; },
      stopCollecting() { collector = null; },
    };
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
