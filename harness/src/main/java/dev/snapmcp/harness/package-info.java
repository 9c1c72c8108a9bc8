/**
 * QA's stress, crash and race suite: {@link dev.snapmcp.harness.HarnessMain} (picocli) runs a scenario with real
 * processes, shows a {@link dev.snapmcp.harness.Progress} bar on stderr, checks the recorded outcome, prints a summary
 * on stdout, and writes one JSON object ({@code --json}) and one self-contained HTML page ({@code --html}, built with
 * {@link dev.snapmcp.harness.HtmlPage} and {@link dev.snapmcp.harness.Charts}). Exit 0 when every
 * {@link dev.snapmcp.harness.Check} passed, 1 when one failed, 3 when the naive store was not caught. Durations on the
 * command line are core's one syntax ({@link dev.snapmcp.harness.DurationConverter}).
 *
 * <ul>
 *   <li>{@code store} ({@link dev.snapmcp.harness.StoreCommand}): {@link dev.snapmcp.harness.StoreScenario} starts
 *       worker JVMs ({@link dev.snapmcp.harness.StoreWorkerMain}) and a lock-free reader
 *       ({@link dev.snapmcp.harness.StoreReaderMain}) with testkit's {@code ChildJvm}, kills workers with SIGKILL, and
 *       hands what they acknowledged to {@link dev.snapmcp.harness.StoreHistoryChecker}; the result is a
 *       {@link dev.snapmcp.harness.StoreRun}, drawn by {@link dev.snapmcp.harness.StorePages}.
 *       {@link dev.snapmcp.harness.StoreKind} names the stores, each living at a
 *       {@link dev.snapmcp.harness.StoreLocation}: our file store, SQLite ({@link dev.snapmcp.harness.SqliteStore}),
 *       our PostgreSQL store ({@link dev.snapmcp.harness.PostgresStore}, on the server of a
 *       {@link dev.snapmcp.harness.HarnessDatabase}, which the scenario can restart mid-run) and the deliberately
 *       broken {@link dev.snapmcp.harness.NaiveStore}, which proves the checker can fail.
 *   <li>{@code connections} ({@link dev.snapmcp.harness.ConnectionsCommand}):
 *       {@link dev.snapmcp.harness.ConnectionsScenario} runs a real bridge process
 *       ({@link dev.snapmcp.harness.BridgeProcessMain}, held by {@link dev.snapmcp.harness.BridgeUnderTest}) against
 *       transport-netty's {@code FakeBrowser} clients, in phases that share one
 *       {@link dev.snapmcp.harness.ConnectionsRig}: the {@link dev.snapmcp.harness.ConnectionStorm} of
 *       {@link dev.snapmcp.harness.StormClient}s (counted in a {@link dev.snapmcp.harness.StormTally}, waiting for the
 *       store through one {@link dev.snapmcp.harness.StoreObserver}), the {@link dev.snapmcp.harness.VisibilityProbe}
 *       with its {@link dev.snapmcp.harness.StoreWatcherMain} process, the {@link dev.snapmcp.harness.RoundTrips}
 *       through the control API ({@link dev.snapmcp.harness.ControlCalls}) and the
 *       {@link dev.snapmcp.harness.IdleConnections} with the bridge's memory.
 *       {@link dev.snapmcp.harness.ConnectionsHistoryChecker} compares what the store recorded with the sockets the
 *       clients hold. The result is a {@link dev.snapmcp.harness.ConnectionsRun}, drawn by
 *       {@link dev.snapmcp.harness.ConnectionsPages}.
 *   <li>{@code classroom} ({@link dev.snapmcp.harness.ClassroomCommand}): {@link
 *       dev.snapmcp.harness.ClassroomScenario} starts PostgreSQL, the 3 nodes of {@link
 *       dev.snapmcp.harness.ClassroomNodes} (snap-mcp's own {@code bridge --store} and {@code serve --http} as child
 *       JVMs), the {@link dev.snapmcp.harness.RoundRobinFront} over them, {@link dev.snapmcp.harness.SimulatedTab}s
 *       through the front and {@link dev.snapmcp.harness.SimulatedAssistant}s (the MCP SDK's HTTP client), kills a
 *       node with -9 and restarts it; {@link dev.snapmcp.harness.ClassroomChecker} judges what they recorded into a
 *       {@link dev.snapmcp.harness.ClassroomRun}.
 *   <li>{@code all} ({@link dev.snapmcp.harness.AllCommand}): store and connections, sized for a 2-core machine, plus the naive
 *       self-check, in one report.
 * </ul>
 *
 * <p>Every process {@code store} and {@code connections} start is one of the harness's own {@code main} classes,
 * run from its own jar (and, for {@code postgres} runs, a PostgreSQL server from testkit's embedded binaries);
 * {@code classroom} runs snap-mcp's own command line from the same jar, which is why the harness depends on the mcp
 * module and the MCP SDK. The JMH benchmarks live in
 * {@code dev.snapmcp.harness.bench}.
 */
package dev.snapmcp.harness;
