// snap-mcp, page side (MAIN world), section "errors": the error every operation throws when it refuses.
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
    return {OpError};
  };
})(globalThis.snapMcpSections = globalThis.snapMcpSections || {});
