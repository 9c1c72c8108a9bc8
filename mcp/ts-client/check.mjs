// A 2026-07-28 client of snap-mcp serve: the official TypeScript SDK's v2 client, pinned to that revision (no
// initialize; server/discover and _meta on every request). It pairs a scripted Snap! tab, adds a script, runs it (with
// progress), takes a screenshot, and cancels a run that does not end (the tab must get "stop"); before that it lists,
// reads and gets the resources and prompts.
//
// Usage: node check.mjs JAVA SERVE_CLASSPATH TAB_CLASSPATH STATE_DIR PORT
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const [java, serveClasspath, tabClasspath, stateDir, port] = process.argv.slice(2);
const say = (text) => console.error('ts-client check: ' + text);
const fail = (text) => { throw new Error(text); };

/** The scripted tab (transport-netty's FakeBrowser with canned answers) paired by CODE, driven over its stdin. */
function scriptedTab(code) {
  const child = spawn(java, ['-cp', tabClasspath, 'dev.snapmcp.mcp.tools.ScriptedTab', code],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    waiters.splice(0).forEach((wake) => wake());
  });
  const next = async (prefix, since) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const found = lines.slice(since).find((l) => l.startsWith(prefix));
      if (found) return found;
      await new Promise((wake) => { waiters.push(wake); setTimeout(wake, 500); });
    }
    fail(`the scripted tab never printed "${prefix}"`);
  };
  return {
    connected: () => next('connected', 0),
    tell: (line) => child.stdin.write(line + '\n'),
    ops: async () => { const since = lines.length; child.stdin.write('ops\n'); return (await next('ops: ', since)).slice(5).split(','); },
    close: () => { child.stdin.end(); return new Promise((done) => child.on('exit', done)); },
  };
}

const until = async (what, test) => {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (await test()) return;
  }
  fail('timed out waiting for ' + what);
};

const transport = new StdioClientTransport({
  command: java,
  args: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', serveClasspath, 'dev.snapmcp.mcp.cli.Main',
    'serve', '--state-dir', stateDir, '--port', port],
  stderr: 'ignore',
});
const client = new Client({ name: 'snap-mcp-ts-client-check', version: '1' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } });
await client.connect(transport);
if (client.getProtocolEra() !== 'modern') fail('expected the modern era, got ' + client.getProtocolEra());
if (client.getServerVersion()?.name !== 'snap-mcp') fail('server identity: ' + JSON.stringify(client.getServerVersion()));
say('connected in era ' + client.getProtocolEra() + ' (' + client.getDiscoverResult().supportedVersions + ')');

const { tools } = await client.listTools();
if (tools.length !== 18 || !tools.every((t) => /^snap_[a-z_]+$/.test(t.name) && t.description && t.annotations)) {
  fail('unexpected tools: ' + tools.map((t) => t.name));
}
say(tools.length + ' tools');

const { resources } = await client.listResources();
const { resourceTemplates } = await client.listResourceTemplates();
const { prompts } = await client.listPrompts();
if (resources.map((r) => r.uri).join(' ') !== 'snap://guide/text-code snap://catalogue/blocks'
    || resourceTemplates.map((t) => t.uriTemplate).join(' ') !== 'snap://session/{session}/project'
    || prompts.map((p) => p.name).join(' ') !== 'explain_project find_bug build_step_by_step') {
  fail('unexpected resources or prompts: ' + JSON.stringify({ resources, resourceTemplates, prompts }));
}
const guide = await client.readResource({ uri: 'snap://guide/text-code' });
const built = await client.getPrompt({ name: 'build_step_by_step', arguments: { goal: 'a maze game' } });
if (!guide.contents[0].text.includes('(item 1 nil)') || !built.messages[0].content.text.includes('a maze game')) {
  fail('unexpected guide or prompt: ' + JSON.stringify(built));
}
say(`${resources.length} resources, ${resourceTemplates.length} template, ${prompts.length} prompts; guide read, prompt got`);

const call = async (name, args = {}, options = {}) => {
  const result = await client.callTool({ name, arguments: args }, options);
  const text = result.content.find((c) => c.type === 'text')?.text;
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(result.structuredContent)) {
    fail(name + ': text content differs from structuredContent');
  }
  return result;
};
const ok = async (name, args, options) => {
  const result = await call(name, args, options);
  if (result.isError) fail(name + ' failed: ' + JSON.stringify(result.structuredContent));
  return result;
};

const pair = await ok('snap_pair');
const tab = scriptedTab(pair.structuredContent.code);
try {
  await tab.connected();
  await until('the tab to be ready', async () => !(await call('snap_get_project')).isError);
  say('paired session ' + pair.structuredContent.session);

  const added = await ok('snap_add_script', { code: '(receiveGo) (sayFor "Hello!" 2)' });
  say('added script ' + added.structuredContent.script.id);

  const progress = [];
  const run = await ok('snap_run', { timeoutSeconds: 5 }, { onprogress: (p) => progress.push(p.progress) });
  if (run.structuredContent.said[0].text !== 'Hello!') fail('run: ' + JSON.stringify(run.structuredContent));
  if (progress.length === 0) fail('no progress during snap_run');
  say('ran: said "' + run.structuredContent.said[0].text + '", ' + progress.length + ' progress notification(s)');

  const picture = await ok('snap_screenshot');
  if (!picture.content.some((c) => c.type === 'image' && c.mimeType === 'image/png')) fail('no PNG in the screenshot');
  say('screenshot: ' + picture.structuredContent.width + 'x' + picture.structuredContent.height + ' PNG');

  tab.tell('never-answer run');
  const abort = new AbortController();
  const stuck = call('snap_run', { timeoutSeconds: 60 }, { signal: abort.signal, onprogress: () => abort.abort('enough') });
  const outcome = await stuck.then(() => 'answered', (e) => 'rejected: ' + (e?.name ?? e));
  if (outcome === 'answered') fail('the cancelled run was answered');
  await until('the tab to get "stop"', async () => (await tab.ops()).includes('stop'));
  say('cancelled a run that did not end (' + outcome + '); the tab got "stop"');

  const ops = await tab.ops();
  for (const op of ['add_script', 'run', 'screenshot', 'stop']) {
    if (!ops.includes(op)) fail('the tab never ran ' + op + ': ' + ops);
  }
} finally {
  await tab.close();
  await client.close();
}
say('pair, add, run, screenshot and cancel: ok');
