// Generated from the Java definitions; a test fails when this file and they disagree. Do not edit by hand.
globalThis.snapMcpConstants = Object.freeze({
  version: '0.1.0',
  extensionId: 'aeoedggcnbmeidcapnlkgploidmjkogg',
  defaultPort: 7627,
  snapMatches: ['https://snap.berkeley.edu/snap/*', 'https://snap.berkeley.edu/snap.html*', 'http://127.0.0.1/*', 'http://localhost/*'],
  finalErrors: ['unauthorized', 'expired', 'replaced', 'outdated_extension'],
});
