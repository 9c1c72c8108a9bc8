#!/usr/bin/env bash
# An independent MCP client in CI: the MCP Inspector's CLI (pinned in package-lock.json, installed here with npm ci)
# lists snap-mcp's tools with --strict (schema portability problems are reported in full; exit 6 on an error-severity
# problem) and calls snap_status. Fails on any error, on any strict warning, or on an unexpected answer.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="${1:-$root/mcp/target/snap-mcp.jar}"
[ -f "$jar" ] || { echo "inspector check: $jar is missing; build it with mvn -pl mcp -am package" >&2; exit 1; }

cd "$here"
if [ ! -x node_modules/.bin/mcp-inspector ]; then
  echo "inspector check: installing @modelcontextprotocol/inspector (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
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
  if (names.length !== 17 || !names.every(n => /^snap_[a-z_]+$/.test(n))) {
    console.error("unexpected tools: " + names); process.exit(1);
  }
  for (const t of tools) {
    if (!t.title || !t.annotations || !t.outputSchema) { console.error("incomplete tool " + t.name); process.exit(1); }
  }
  console.error("inspector check: " + names.length + " tools, strict-clean");
' "$state/tools.json"

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
