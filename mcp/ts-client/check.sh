#!/usr/bin/env bash
# An independent 2026-07-28 MCP client in CI: the official TypeScript SDK's v2 client (@modelcontextprotocol/client,
# pinned in package-lock.json, installed here with npm ci) drives snap-mcp serve against a scripted Snap! tab
# (dev.snapmcp.mcp.tools.ScriptedTab from mcp's test classes: transport-netty's FakeBrowser with canned answers): pair,
# add a script, run it with progress, screenshot, cancel a run that does not end. Fails on any unexpected answer.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="${1:-$root/mcp/target/snap-mcp.jar}"
tests="$root/mcp/target/test-classes"
[ -f "$jar" ] || { echo "ts-client check: $jar is missing; build it with mvn -pl mcp -am package" >&2; exit 1; }
[ -f "$tests/dev/snapmcp/mcp/tools/ScriptedTab.class" ] || {
  echo "ts-client check: $tests has no ScriptedTab; build it with mvn -pl mcp -am test-compile" >&2; exit 1; }

cd "$here"
if [ ! -d node_modules/@modelcontextprotocol/client ]; then
  echo "ts-client check: installing @modelcontextprotocol/client (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
node check.mjs "$(command -v java)" "$jar" "$jar:$tests" "$state" "$port"
