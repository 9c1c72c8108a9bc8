#!/usr/bin/env bash
# An independent MCP client in CI: the MCP Inspector's CLI (pinned in package-lock.json, installed here with npm ci)
# lists snap-mcp's tools with --strict (schema portability problems are reported in full; exit 6 on an error-severity
# problem), in the legacy era (initialize, 2025-11-25) and in the 2026-07-28 era, calls snap_status, and lists, reads
# and gets the resources and prompts. Then the legacy era end to end against a scripted Snap! tab
# (dev.snapmcp.mcp.tools.ScriptedTab from mcp's test classes): pair, add a script, run it, screenshot. Fails on any error, on any strict warning, or on an unexpected answer.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="${1:-$root/mcp/target/snap-mcp.jar}"
tests="$root/mcp/target/test-classes"
[ -f "$jar" ] || { echo "inspector check: $jar is missing; build it with mvn -pl mcp -am package" >&2; exit 1; }
[ -f "$tests/dev/snapmcp/mcp/tools/ScriptedTab.class" ] || {
  echo "inspector check: $tests has no ScriptedTab; build it with mvn -pl mcp -am test-compile" >&2; exit 1; }

cd "$here"
if [ ! -x node_modules/.bin/mcp-inspector ]; then
  echo "inspector check: installing @modelcontextprotocol/inspector (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

state=$(mktemp -d)
bridge=""
# the bridge is waited for: it writes the store in the state folder as it stops
trap '[ -n "$bridge" ] && { kill "$bridge"; wait "$bridge" || true; } 2>/dev/null; rm -rf "$state"' EXIT
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
serve=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" serve --state-dir "$state" --port "$port")
inspector=(node_modules/.bin/mcp-inspector --cli)

echo "inspector check: tools/list --strict" >&2
"${inspector[@]}" --method tools/list --strict "${serve[@]}" >"$state/tools.json" 2>"$state/strict.log" || {
  cat "$state/strict.log" >&2; echo "inspector check: tools/list --strict failed" >&2; exit 1; }
if grep -qE '^(Warning|Error): tool' "$state/strict.log"; then
  cat "$state/strict.log" >&2; echo "inspector check: --strict reported schema problems" >&2; exit 1
fi
node -e '
  const tools = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).tools;
  const names = tools.map(t => t.name).sort();
  if (names.length !== 18 || !names.every(n => /^snap_[a-z_]+$/.test(n))) {
    console.error("unexpected tools: " + names); process.exit(1);
  }
  for (const t of tools) {
    if (!t.title || !t.annotations || !t.description) { console.error("incomplete tool " + t.name); process.exit(1); }
  }
  console.error("inspector check: " + names.length + " tools, strict-clean");
' "$state/tools.json"

echo "inspector check: tools/list --strict in the 2026-07-28 era" >&2
"${inspector[@]}" --protocol-era modern --method tools/list --strict "${serve[@]}" >"$state/tools-modern.json" \
    2>"$state/strict-modern.log" || {
  cat "$state/strict-modern.log" >&2; echo "inspector check: modern tools/list --strict failed" >&2; exit 1; }
if grep -qE '^(Warning|Error): tool' "$state/strict-modern.log"; then
  cat "$state/strict-modern.log" >&2; echo "inspector check: --strict reported schema problems (modern)" >&2; exit 1
fi
node -e '
  const canonical = v => Array.isArray(v) ? v.map(canonical) : v && typeof v === "object"
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, canonical(v[k])])) : v;
  const [a, b] = process.argv.slice(1).map(f => canonical(JSON.parse(require("fs").readFileSync(f, "utf8")).tools));
  if (JSON.stringify(a) !== JSON.stringify(b)) { console.error("the eras list different tools"); process.exit(1); }
  console.error("inspector check: the same " + a.length + " tools in both eras");
' "$state/tools.json" "$state/tools-modern.json"

echo "inspector check: tools/call snap_status" >&2
"${inspector[@]}" --method tools/call --tool-name snap_status "${serve[@]}" >"$state/status.json" 2>"$state/status.log" || {
  cat "$state/status.log" >&2; echo "inspector check: tools/call snap_status failed" >&2; exit 1; }
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const s = r.structuredContent;
  if (r.isError || !s || !s.state || !s.bridge || typeof s.next !== "string") {
    console.error("unexpected snap_status answer: " + JSON.stringify(r)); process.exit(1);
  }
  if (JSON.stringify(JSON.parse(r.content[0].text)) !== JSON.stringify(s)) {
    console.error("text content differs from structuredContent"); process.exit(1);
  }
  console.error("inspector check: snap_status ok: " + s.next);
' "$state/status.json"

echo "inspector check: resources and prompts (legacy era)" >&2
for method in resources/list resources/templates/list prompts/list; do
  "${inspector[@]}" --method "$method" "${serve[@]}" >"$state/${method//\//-}.json" 2>"$state/list.log" || {
    cat "$state/list.log" >&2; echo "inspector check: $method failed" >&2; exit 1; }
done
"${inspector[@]}" --method resources/read --uri snap://guide/text-code "${serve[@]}" >"$state/guide.json" \
    2>"$state/read.log" || { cat "$state/read.log" >&2; echo "inspector check: resources/read failed" >&2; exit 1; }
"${inspector[@]}" --method prompts/get --prompt-name build_step_by_step --prompt-args "goal=a maze game" -- \
    "${serve[@]}" >"$state/prompt.json" 2>"$state/prompt.log" || {
  cat "$state/prompt.log" >&2; echo "inspector check: prompts/get failed" >&2; exit 1; }
node -e '
  const read = f => JSON.parse(require("fs").readFileSync(process.argv[1] + "/" + f, "utf8"));
  const uris = read("resources-list.json").resources.map(r => r.uri).join(" ");
  const templates = read("resources-templates-list.json").resourceTemplates.map(t => t.uriTemplate).join(" ");
  const prompts = read("prompts-list.json").prompts.map(p => p.name).sort().join(" ");
  const guide = read("guide.json").contents[0].text;
  const prompt = read("prompt.json").messages[0].content.text;
  if (uris !== "snap://guide/text-code snap://catalogue/blocks" || templates !== "snap://session/{session}/project"
      || prompts !== "build_step_by_step explain_project find_bug" || !guide.includes("(item 1 nil)")
      || !prompt.includes("a maze game")) {
    console.error("unexpected resources or prompts: " + [uris, templates, prompts, prompt].join(" | ")); process.exit(1);
  }
  console.error("inspector check: 2 resources, 1 template, 3 prompts listed; the guide read, a prompt got");
' "$state"

# The legacy era end to end. Every Inspector call is a new serve process, so a standalone bridge keeps the scripted
# tab's connection from one call to the next (each serve finds it, as a second MCP client's serve would).
echo "inspector check: pair, add a script, run, screenshot (legacy era, scripted tab)" >&2
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" bridge --state-dir "$state" --port "$port" \
  2>"$state/bridge.log" &
bridge=$!
for _ in $(seq 150); do grep -q "listening on" "$state/bridge.log" && break; sleep 0.2; done
grep -q "listening on" "$state/bridge.log" || { cat "$state/bridge.log" >&2; echo "inspector check: no bridge" >&2; exit 1; }

call() {  # call TOOL JSON_ARGS: the result on stdout; fails unless it is a success
  local out
  out=$("${inspector[@]}" --method tools/call --tool-name "$1" --tool-args-json "$2" "${serve[@]}" 2>"$state/call.log") || {
    cat "$state/call.log" >&2; echo "inspector check: $1 failed" >&2; return 1; }
  printf '%s' "$out"
}
field() { node -e 'const r = JSON.parse(process.argv[1]); console.log(eval("r." + process.argv[2]))' "$1" "$2"; }

pair=$(call snap_pair '{}')
code=$(field "$pair" structuredContent.code)
coproc TAB { exec java -cp "$jar:$tests" dev.snapmcp.mcp.tools.ScriptedTab "$code"; }
read -r -t 30 connected <&"${TAB[0]}" && [ "$connected" = connected ] || {
  echo "inspector check: the scripted tab did not connect" >&2; exit 1; }
for attempt in $(seq 20); do
  project=$("${inspector[@]}" --method tools/call --tool-name snap_get_project "${serve[@]}" 2>/dev/null || true)
  [ "$(field "${project:-null}" isError 2>/dev/null)" = false ] && break
  [ "$attempt" = 20 ] && { echo "inspector check: the tab never became ready: $project" >&2; exit 1; }
  sleep 0.5
done
added=$(call snap_add_script '{"code":"(receiveGo) (sayFor \"Hello!\" 2)"}')
[ "$(field "$added" isError)" = false ] || { echo "inspector check: add_script: $added" >&2; exit 1; }
run=$(call snap_run '{"timeoutSeconds":5}')
[ "$(field "$run" 'structuredContent.said[0].text')" = "Hello!" ] || { echo "inspector check: run: $run" >&2; exit 1; }
shot=$(call snap_screenshot '{}')
[ "$(field "$shot" 'content.find(c => c.type === "image").mimeType')" = image/png ] || {
  echo "inspector check: screenshot: ${shot:0:300}" >&2; exit 1; }
echo ops >&"${TAB[1]}"
read -r -t 30 ops <&"${TAB[0]}"
for op in add_script run screenshot; do
  [[ ",${ops#ops: }," == *",$op,"* ]] || { echo "inspector check: the tab never ran $op: $ops" >&2; exit 1; }
done
exec {TAB[1]}>&-
wait "$TAB_PID" 2>/dev/null || true
echo "inspector check: legacy era: paired, added, ran (said Hello!), screenshot; the tab ran ${ops#ops: }" >&2
