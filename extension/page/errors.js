// snap-mcp, page side (MAIN world), section "errors": the error every operation throws when it refuses, and the cap on page texts.
//
// Each file of page/ only registers a factory on the shared namespace `snapMcpSections`; page/main.js calls the
// factories, takes the namespace off the page again and starts the watch. So no file runs anything on its own, and
// an injection that finds snapMcp already installed (page/main.js) leaves the running copy untouched.
(function (sections) {
  'use strict';

  sections.errors = function () {
    // Errors with a code the protocol knows (docs/protocol.md, "Errors a model can act on").
    class OpError extends Error {
      constructor(code, message, details) {
        super(message);
        this.code = code;
        this.details = details;
      }
    }

    // Every text of the page's own that an answer or event carries (names, said and error texts, labels, comments) is
    // page content, which the assistant is told to read as data: cut to pageTextMax characters here, and again on
    // the Java side, which never trusts this cut.
    const textMax = globalThis.snapMcpConstants.pageTextMax;
    function capText(text) {
      const s = typeof text === 'string' ? text : String(text);
      if (s.length <= textMax) return s;
      let end = textMax - 1;
      if (/[\ud800-\udbff]/.test(s[end - 1])) end -= 1;
      return s.slice(0, end) + '…';
    }
    // Kept whole: long by nature (script code, project XML, images) or never leaving the tab (a change's undo).
    const WHOLE = new Set(['code', 'xml', 'png', 'filmstripPng', 'undo']);
    /** A copy of an answer or event with every string and member name capped, but the WHOLE members. */
    function capAll(value) {
      if (typeof value === 'string') return capText(value);
      if (Array.isArray(value)) return value.map(capAll);
      if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        const copy = {};
        Object.keys(value).forEach((k) => { copy[capText(k)] = WHOLE.has(k) ? value[k] : capAll(value[k]); });
        return copy;
      }
      return value;
    }
    return {OpError, capText, capAll};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
