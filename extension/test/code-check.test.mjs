// The checks on text code made before Snap! builds anything (page/code-check.js), over a fake block table.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {List, pageWith} from './load.mjs';

globalThis.List = List;
const page = pageWith(['errors', 'code-check']);

// A few of Snap!'s primitives, as SpriteMorph.prototype.blocks holds them: selector -> {spec, code?, dev?}.
const table = {
  blocks: {
    forward: {spec: 'move %n steps'},
    turn: {spec: 'turn %clockwise %n degrees'},
    receiveGo: {spec: 'when %greenflag clicked'},
    doSayFor: {spec: 'say %s for %n secs', code: 'sayFor'},
    bubble: {spec: 'say %s', code: 'say'},
    doSetVar: {spec: 'set %var to %s', code: 'set'},
    doForever: {spec: 'forever %c', code: 'forever'},
    log: {spec: 'log %s', dev: true},
  },
  migrations: {doForward: {selector: 'forward'}},
};

function parseError(message) {
  return {name: 'Error', code: 'parse_error', message};
}

test('balanced code passes', () => {
  for (const code of ['(forward 10)', '(say "a (b")', '(say "say \\"hi\\"")', '(forward 1) ; a comment with )\n(turn 2)',
    '(say a\\)b)', '']) {
    assert.doesNotThrow(() => page.checkBalanced(code), code);
  }
});

test('an unbalanced ")" is refused where it stands', () => {
  assert.throws(() => page.checkBalanced('(forward 10))'), parseError('unbalanced ")" at character 13'));
  assert.throws(() => page.checkBalanced(')'), parseError('unbalanced ")" at character 1'));
});

test('"(" not closed and an open quote are refused', () => {
  assert.throws(() => page.checkBalanced('((forward 10)'), parseError('1 "(" not closed'));
  assert.throws(() => page.checkBalanced('(say "hi)'), parseError('a double quote (") is not closed'));
  assert.throws(() => page.checkBalanced('(forward ((10'), parseError('3 "(" not closed'));
});

test('names Snap! knows: selectors, their text-code names, migrations, custom blocks, get and items', () => {
  for (const name of ['forward', 'doSayFor', 'sayFor', 'SAYFOR', 'say', 'doForward', 'get', 'Items', 'jump _']) {
    assert.equal(page.knownName(name, ['jump _'], table), true, name);
  }
  assert.equal(page.knownName(42, [], table), true); // not a name at all: an input
  for (const name of ['fly', 'forwards', 'Forward', 'jump']) {
    assert.equal(page.knownName(name, ['jump _'], table), false, name);
  }
});

test('edit distance ignores case', () => {
  assert.equal(page.distance('forward', 'forward'), 0);
  assert.equal(page.distance('Forward', 'forwarD'), 0);
  assert.equal(page.distance('forwad', 'forward'), 1);
  assert.equal(page.distance('kitten', 'sitting'), 3);
  assert.equal(page.distance('', 'abc'), 3);
});

test('suggestions: the nearest names first, a name that begins the same nearer, dev blocks never', () => {
  assert.deepEqual(page.suggestionsFor('forwad', [], table).slice(0, 1), ['forward']);
  assert.deepEqual(page.suggestionsFor('for', [], table).slice(0, 2), ['forward', 'forever']);
  assert.equal(page.suggestionsFor('lo', [], table).includes('log'), false);
  assert.deepEqual(page.suggestionsFor('jmp _', ['jump _'], table).slice(0, 1), ['jump _']);
  assert.equal(page.suggestionsFor('x', [], table).length, 5);
});

test('unknown names are refused once each, with suggestions, wherever they are nested', () => {
  const code = new List([
    new List(['receiveGo']),
    new List(['forever', new List([new List(['fly', 10]), new List(['fly', 2]), new List(['forwad', 1])])]),
  ]);
  assert.throws(() => page.checkNames(code.itemsArray(), [], table), (e) => {
    assert.equal(e.code, 'unknown_block');
    assert.deepEqual(e.details.unknown.map((u) => u.name), ['fly', 'forwad']);
    assert.equal(e.details.unknown[1].suggestions[0], 'forward');
    assert.match(e.message, /^Snap! has no block "fly"; nearest: .*\. Snap! has no block "forwad"; nearest: forward, .*\. Use find_blocks to look names up\.$/);
    return true;
  });
});

test('known names pass', () => {
  const code = [new List(['receiveGo']), new List(['set', 'score', new List(['get', 'x'])]), new List(['jump _', 3])];
  assert.doesNotThrow(() => page.checkNames(code, ['jump _'], table));
});

// Issue 13: blocks that run JavaScript or load code, in a project's XML (what load_project checks before Snap! reads
// it). node has no DOMParser: a tiny stand-in with what the check uses (tagName, attributes, children, textContent).
class El {
  constructor(tagName, attrs = {}, children = [], text = '') {
    Object.assign(this, {tagName, attrs, children, text, nodeType: 1, parentNode: null});
    children.forEach((c) => { c.parentNode = this; });
  }

  getAttribute(name) { return name in this.attrs ? this.attrs[name] : null; }

  get textContent() { return this.text + this.children.map((c) => c.textContent).join(''); }

  all() { return this.children.flatMap((c) => [c, ...c.all()]); }
}
const doc = (root) => ({getElementsByTagName: () => [root, ...root.all()]});
const refused = (selector, where) => (e) => e.code === 'forbidden_block' && e.details.selector === selector &&
  e.details.where === where;

test('a project holding a JavaScript block anywhere is refused, saying where', () => {
  const jsScript = new El('script', {}, [new El('block', {s: 'reportJSFunction'})]);
  const project = new El('project', {}, [new El('scenes', {}, [
    new El('scene', {name: 'one'}, [new El('stage', {name: 'Stage'})]),
    new El('scene', {name: 'two'}, [new El('stage', {name: 'Stage'}, [new El('sprites', {}, [
      new El('sprite', {name: 'Cat'}, [new El('scripts', {}, [new El('script'), jsScript])])])])])])]);
  assert.throws(() => page.checkProjectXml(doc(project)),
    refused('reportJSFunction', 'script 2 (in the XML\'s order) of "Cat" in scene 2 "two"'));
  const bound = new El('project', {}, [new El('blocks', {}, [new El('block-definition', {s: 'f %x', primitive: 'reportCompiled'})])]);
  assert.throws(() => page.checkProjectXml(doc(bound)), refused('reportCompiled', 'custom block "f %x" (global)'));
  const named = new El('project', {}, [new El('block', {s: 'doPrimitive'}, [new El('l', {}, [], ' reportjsfunction ')])]);
  assert.throws(() => page.checkProjectXml(doc(named)), refused('reportJSFunction', 'the project'));
  const module = new El('project', {}, [new El('variables', {}, [new El('variable', {name: '__module__x'})])]);
  assert.throws(() => page.checkProjectXml(doc(module)), refused('__module__', 'variable "__module__x" (global)'));
  const fine = new El('project', {}, [new El('block', {s: 'forward'}, [new El('l', {}, [], 'js')])]);
  assert.doesNotThrow(() => page.checkProjectXml(doc(fine)));
});

test('page texts are cut to pageTextMax characters, marked', () => {
  const max = globalThis.snapMcpConstants.pageTextMax;
  assert.equal(page.capText('short'), 'short');
  const cut = page.capText('x'.repeat(max * 4));
  assert.equal(cut.length, max);
  assert.ok(cut.endsWith('…'));
  assert.equal(page.capText(42), '42');
});

test('answers are capped member by member, code, XML, images and undo kept whole', () => {
  const max = globalThis.snapMcpConstants.pageTextMax;
  const long = 'y'.repeat(max + 50);
  const capped = page.capAll({name: long, said: [{text: long}], code: long, xml: long, undo: {xml: long, v: long},
    [long]: 1, n: 3, ok: true, none: null});
  assert.equal(capped.name.length, max);
  assert.equal(capped.said[0].text.length, max);
  assert.equal(capped.code, long);
  assert.equal(capped.xml, long);
  assert.equal(capped.undo.v, long);
  assert.equal(capped[page.capText(long)], 1);
  assert.deepEqual([capped.n, capped.ok, capped.none], [3, true, null]);
});

test('a __module__ variable name is refused', () => {
  assert.throws(() => page.checkVariableName('__module__x'), refused('__module__', 'the variable "__module__x"'));
  assert.doesNotThrow(() => page.checkVariableName('module'));
});
