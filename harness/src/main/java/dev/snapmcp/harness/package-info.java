/**
 * QA's stress tool: {@link dev.snapmcp.harness.HarnessMain} (picocli) runs a scenario with real processes, prints its
 * status every few seconds, then checks the recorded history against the invariants and writes a report (JSON and a
 * self-contained HTML page, see {@link dev.snapmcp.harness.ReportWriter}); exit 1 when an invariant was violated.
 *
 * <ul>
 *   <li>{@code store}: {@link dev.snapmcp.harness.StoreScenario} starts worker processes
 *       ({@link dev.snapmcp.harness.StoreWorkerMain}) and a lock-free reader ({@link dev.snapmcp.harness.StoreReaderMain})
 *       with core's {@code ChildJvm}, kills workers with -9, and hands what they acknowledged to
 *       {@link dev.snapmcp.harness.StoreHistoryChecker}. {@link dev.snapmcp.harness.BrokenPrototypeStore} is the old
 *       design, kept only to prove that checker catches lost updates and torn reads.
 *   <li>{@code connections}: {@link dev.snapmcp.harness.ConnectionsScenario} runs a real bridge process
 *       (transport-netty's {@code ChildBridgeMain}) against its {@code FakeBrowser} clients and its {@code
 *       StoreWatcherMain} process; {@link dev.snapmcp.harness.ConnectionsHistoryChecker} checks the sessions' histories
 *       against the live sockets. The result is a {@link dev.snapmcp.harness.ConnectionsRun} (the {@code --json} file).
 * </ul>
 *
 * <p>The JMH benchmarks live in {@code dev.snapmcp.harness.bench}.
 */
package dev.snapmcp.harness;
