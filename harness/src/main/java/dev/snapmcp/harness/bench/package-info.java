/**
 * JMH benchmarks of the session store: {@link dev.snapmcp.harness.bench.StoreUpdateBenchmark} (updates per second in
 * one process, 1, 2 and 8 threads, with and without group commit) beside
 * {@link dev.snapmcp.harness.bench.DurableReplaceBenchmark}, the baseline every durable store pays per commit: one small
 * file written to a temporary file, forced, renamed over the target and the folder forced.
 *
 * <p>Run: {@code java -jar harness/target/snap-mcp-harness.jar jmh -f 1 -wi 2 -i 3 -w 2s -r 3s 'Store|Durable'}.
 */
package dev.snapmcp.harness.bench;
