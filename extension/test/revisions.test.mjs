// A script's revision (page/revisions.js): FNV-1a, 32 bits, over the UTF-8 bytes of its text code, in base 36.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pageWith} from './load.mjs';

class OpError extends Error {
  constructor(code, message, details) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
const page = pageWith(['revisions'], {OpError, codeOf: (block) => block.code, idOf: (sprite, block) => block.id});

test('the revision is FNV-1a of the UTF-8 bytes in base 36 (the published test vectors)', () => {
  assert.equal(page.revisionOf(''), (0x811c9dc5).toString(36));
  assert.equal(page.revisionOf('a'), (0xe40c292c).toString(36));
  assert.equal(page.revisionOf('foobar'), (0xbf9cf968).toString(36));
  // Beyond ASCII the bytes are UTF-8's (worked out apart from this code).
  assert.equal(page.revisionOf('(say "héllo ☃")'), '10cteon');
});

test('it is short, the same for the same code and different when one character changes', () => {
  const code = '(receiveGo) (move 10)';
  assert.equal(page.revisionOf(code), '1q2vi7c');
  assert.equal(page.revisionOf(code), page.revisionOf(String(code)));
  assert.notEqual(page.revisionOf('(receiveGo) (move 11)'), page.revisionOf(code));
  for (const sample of ['', 'x', code, code.repeat(50)]) assert.ok(page.revisionOf(sample).length <= 7, sample);
});

test('a replace or delete with an old revision is refused with the current code and revision; none given passes', () => {
  const block = {id: 'Sprite#2', code: '(receiveGo) (move 10)'};
  const now = page.revisionOf(block.code);
  page.checkRevision(null, block, undefined);
  page.checkRevision(null, block, null);
  page.checkRevision(null, block, now);
  assert.throws(() => page.checkRevision(null, block, 'abc'), (e) => e.code === 'changed_since_read'
    && e.details.revision === now && e.details.code === block.code && e.details.id === 'Sprite#2'
    && e.message.includes(now));
  assert.throws(() => page.checkRevision(null, block, 12), (e) => e.code === 'bad_args');
});
