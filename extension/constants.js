// Generated from the Java definitions; a test fails when this file and they disagree. Do not edit by hand.
globalThis.snapMcpConstants = Object.freeze({
  version: '0.1.0',
  extensionId: 'aeoedggcnbmeidcapnlkgploidmjkogg',
  defaultPort: 7627,
  snapMatches: ['https://snap.berkeley.edu/snap/*', 'https://snap.berkeley.edu/snap.html*', 'http://127.0.0.1/*snap.html*', 'http://localhost/*snap.html*'],
  finalErrors: ['unauthorized', 'expired', 'code_used', 'replaced', 'outdated_extension'],
  forbiddenBlocks: [{selector: 'reportJSFunction', code: 'js', why: 'Snap!\'s JavaScript function block runs JavaScript written as text'}, {selector: 'reportCompiled', code: '', why: 'the compile block turns blocks into JavaScript and evaluates it (window.eval)'}, {selector: 'doApplyExtension', code: 'extension', why: 'an extension block calls a JavaScript primitive by a name known only at run time; src_load(url) loads a script from any address'}, {selector: 'reportApplyExtension', code: 'ext', why: 'an extension block calls a JavaScript primitive by a name known only at run time; src_load(url) loads a script from any address'}],
  moduleVariablePrefix: '__module__',
  pageTextMax: 500,
  rekeyLabel: 'snap-mcp secret,',
});
