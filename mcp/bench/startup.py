#!/usr/bin/env python3
"""Start-up of snap-mcp serve beside the two MCP servers a user would otherwise install, measured in one run.

Usage: mcp/bench/startup.py [--runs 5] [--snap-only] [--snap COMMAND...]

For each server and each run, interleaved (snap-mcp, Browser MCP, Playwright MCP, snap-mcp, ...):
  * spawn -> first answer: wall time from spawning the process to reading its answer to `initialize`;
  * idle memory: resident set (the process and its children) 1.5 s after that answer, once any background start-up
    (snap-mcp's bridge) has settled;
  * exit after stdin closes: wall time from closing its stdin to its exit.
Prints every run, the medians, and snap-mcp's ratio to each peer. For snap-mcp it also times the 2026-07-28 path
(`server/discover`, no handshake).

The peers are installed by this script with npm, at pinned versions, into a folder of its own
(~/.cache/snap-mcp/bench-peers, never committed). Playwright MCP never downloads a browser: it is installed with
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 and only has to answer `initialize`, which needs none.

A benchmark, not a test: nothing here asserts a speed. The machine's load changes the figures; the ratios of one
interleaved run are what to compare.
"""
import argparse, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS_DIR = os.path.join(os.path.expanduser("~"), ".cache", "snap-mcp", "bench-peers")
PEERS = {"@browsermcp/mcp": "0.1.3", "@playwright/mcp": "0.0.83"}

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}
DISCOVER = {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "1"}}}}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def install_peers():
    """npm-installs the pinned peers once; returns {name: [node, bin script]}."""
    os.makedirs(PEERS_DIR, exist_ok=True)
    manifest = os.path.join(PEERS_DIR, "package.json")
    wanted = {"name": "snap-mcp-bench-peers", "private": True, "dependencies": PEERS}
    current = json.load(open(manifest)) if os.path.exists(manifest) else None
    if current != wanted or not os.path.isdir(os.path.join(PEERS_DIR, "node_modules")):
        json.dump(wanted, open(manifest, "w"), indent=2)
        print(f"installing {', '.join(f'{n}@{v}' for n, v in PEERS.items())} into {PEERS_DIR} ...", file=sys.stderr)
        env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEERS_DIR,
                       env=env, check=True, stdout=sys.stderr)
    commands = {}
    for name, label in (("@browsermcp/mcp", "Browser MCP"), ("@playwright/mcp", "Playwright MCP")):
        package = os.path.join(PEERS_DIR, "node_modules", name)
        info = json.load(open(os.path.join(package, "package.json")))
        bin_entry = info["bin"] if isinstance(info["bin"], str) else next(iter(info["bin"].values()))
        commands[f"{label} {info['version']}"] = ["node", os.path.join(package, bin_entry)]
    return commands


def rss_kib(pid):
    """Resident memory of pid and its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def one(command, first, env):
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env)
    proc.stdin.write((json.dumps(first) + "\n").encode())
    proc.stdin.flush()
    line = proc.stdout.readline()
    answered = time.perf_counter() - start
    if not line:
        raise SystemExit(f"{' '.join(command)} exited (code {proc.wait()}) before answering")
    answer = json.loads(line)
    assert answer.get("id") == 1 and "result" in answer, line[:300]
    if first is INITIALIZE:
        proc.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        proc.stdin.flush()
    time.sleep(1.5)  # idle means after background start-up has settled
    rss = rss_kib(proc.pid)
    closed = time.perf_counter()
    proc.stdin.close()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return answered, rss, float("inf")
    return answered, rss, time.perf_counter() - closed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--snap-only", action="store_true", help="measure snap-mcp alone (no npm install)")
    parser.add_argument("--snap", nargs=argparse.REMAINDER, help="the command for snap-mcp (default ./snap-mcp)")
    args = parser.parse_args()

    state = tempfile.mkdtemp(prefix="snap-mcp-bench-")
    snap = (args.snap or [os.path.join(ROOT, "snap-mcp")]) + ["serve", "--state-dir", state]
    subprocess.run(snap[:-3] + ["--version"], check=True, stdout=subprocess.DEVNULL)  # build jar and archive first
    env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    env.pop("SNAP_MCP_AOT_JAVA", None)
    servers = {"snap-mcp": (lambda: snap + ["--port", str(free_port())], INITIALIZE, env)}
    if not args.snap_only:
        for label, command in install_peers().items():
            servers[label] = (lambda c=command: c, INITIALIZE, env)
    servers["snap-mcp (2026-07-28: server/discover)"] = (lambda: snap + ["--port", str(free_port())], DISCOVER, env)
    aot = dict(env, SNAP_MCP_AOT_JAVA="auto")
    if subprocess.run(snap[:-3] + ["--version"], env=aot, capture_output=True, text=True).stderr.find("names no") < 0:
        servers["snap-mcp (SNAP_MCP_AOT_JAVA=auto: JDK 25 + AOT cache)"] = (
            lambda: snap + ["--port", str(free_port())], INITIALIZE, aot)

    results = {name: [] for name in servers}
    for run in range(args.runs):
        for name, (command, first, server_env) in servers.items():
            answered, rss, exited = one(command(), first, server_env)
            results[name].append((answered, rss, exited))
            print(f"run {run + 1} {name}: answer {answered * 1000:.0f} ms, idle {rss / 1024:.1f} MiB, "
                  f"exit {exited * 1000:.0f} ms", file=sys.stderr)
    shutil.rmtree(state, ignore_errors=True)

    medians = {n: tuple(statistics.median(r[i] for r in rs) for i in range(3)) for n, rs in results.items()}
    print(f"\nmedians of {args.runs} interleaved runs (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"| server | spawn -> first answer | idle resident memory | exit after stdin closes |")
    print(f"|---|---|---|---|")
    for name, (answered, rss, exited) in medians.items():
        print(f"| {name} | {answered * 1000:.0f} ms | {rss / 1024:.0f} MiB | {exited * 1000:.0f} ms |")
    ours = medians["snap-mcp"]
    for name, theirs in medians.items():
        if name.startswith("snap-mcp"):
            continue
        print(f"snap-mcp / {name}: answer x{ours[0] / theirs[0]:.2f}, memory x{ours[1] / theirs[1]:.2f}, "
              f"exit x{ours[2] / max(theirs[2], 1e-9):.2f}")


if __name__ == "__main__":
    main()
