#!/usr/bin/env python3
"""Measures `snap-mcp serve` start-up: spawn -> answer to `initialize` (wall time), and the idle RSS a second after.

Usage: startup.py [runs] -- command to start serve...   (the command gets --state-dir and --port appended)
Prints one line per run and the median. A benchmark, not a test: nothing here asserts a speed.
"""
import json, os, socket, subprocess, sys, tempfile, time, statistics

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

def one(command):
    state = tempfile.mkdtemp(prefix="snap-mcp-bench-")
    init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    start = time.perf_counter()
    proc = subprocess.Popen(command + ["--state-dir", state, "--port", str(free_port())], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdin.write((init + "\n").encode()); proc.stdin.flush()
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    cpu = cpu_ms(proc.pid)
    assert json.loads(line)["id"] == 1, line
    proc.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n'); proc.stdin.flush()
    time.sleep(1.5)  # let the background bridge start-up settle: idle means after it
    rss = rss_kib(proc.pid)
    proc.stdin.close(); proc.wait(timeout=30)
    return elapsed, rss, cpu

if __name__ == "__main__":
    args = sys.argv[1:]
    runs = int(args[0]) if args and args[0] != "--" else 5
    command = args[args.index("--") + 1:]
    results = [one(command) for _ in range(runs)]
    for i, (t, rss, cpu) in enumerate(results):
        print(f"run {i + 1}: initialize answered after {t * 1000:.0f} ms ({cpu:.0f} ms CPU), "
              f"idle RSS {rss / 1024:.1f} MiB")
    print(f"median: {statistics.median(r[0] for r in results) * 1000:.0f} ms wall, "
          f"{statistics.median(r[2] for r in results):.0f} ms CPU, "
          f"{statistics.median(r[1] for r in results) / 1024:.1f} MiB idle RSS "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
