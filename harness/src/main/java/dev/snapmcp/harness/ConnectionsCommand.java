package dev.snapmcp.harness;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code connections}: options -> {@link ConnectionsScenario.Settings} -> {@link ConnectionsScenario#run()} -> the
 * JSON and HTML files -> a summary on stdout -> exit 0 (every check passed) or 1.
 */
@Command(name = "connections", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Real WebSocket clients against a real bridge process: connect/hello/close cycles as fast as"
        + " they can, optionally two sockets racing for one session (--replace-storms) and sockets dropped without a"
        + " close (--abrupt), plus clients that stop answering pings. Then every session's final state in the store"
        + " must match its last event, no late close may have marked a newer connection disconnected, and every"
        + " history must be complete. Also measures how long another process takes to see a connection in the"
        + " store, command round trips, and idle connections with the bridge's memory.",
        "Progress on stderr; the summary on stdout. Exit 0 if every check passed, 1 if one failed, 2 on a usage"
            + " error."})
final class ConnectionsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--clients", defaultValue = "50", paramLabel = "N",
      description = "WebSocket clients, one session each (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--cycles", defaultValue = "200", paramLabel = "M",
      description = "connect/hello/close cycles PER CLIENT (default ${DEFAULT-VALUE}); the JSON's cycles is the"
          + " total completed, N × M when nothing failed")
  int cycles;

  @Option(names = "--replace-storms",
      description = "one cycle in ten races two sockets for the session: the bridge replaces one, whose close"
          + " comes late")
  boolean replaceStorms;

  @Option(names = "--abrupt",
      description = "one cycle in ten drops the TCP connection without a close frame")
  boolean abrupt;

  @Option(names = "--silent-clients", defaultValue = "3", paramLabel = "K",
      description = "more clients that say hello, then stop answering pings: the bridge must drop each with"
          + " heartbeat_timeout (it pings every " + ConnectionsScenario.PING_INTERVAL_MS + " ms and gives up after "
          + ConnectionsScenario.IDLE_TIMEOUT_MS + " ms of silence); 0 for none (default ${DEFAULT-VALUE})")
  int silentClients;

  @Option(names = "--json", required = true, paramLabel = "FILE",
      description = "write the results as one JSON object here")
  Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML page here")
  Path html;

  @Option(names = "--kill-bridge-every", defaultValue = "0s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "during the cycles, kill -9 the bridge this often and restart it; cut cycles are retried. 0s"
          + " for never (the default: the cycle rate is then the bridge's own)")
  Duration killBridgeEvery;

  @Option(names = "--probes", defaultValue = "200", paramLabel = "N",
      description = "connections timed until another process sees them in the store; 0 to skip (default"
          + " ${DEFAULT-VALUE})")
  int probes;

  @Option(names = "--round-trips", defaultValue = "2000", paramLabel = "N",
      description = "commands timed through the control API to a client and back; 0 to skip (default"
          + " ${DEFAULT-VALUE})")
  int roundTrips;

  @Option(names = "--idle", defaultValue = "1000", paramLabel = "N",
      description = "idle connections to open and hold, with the bridge's memory before and after; 0 to skip"
          + " (default ${DEFAULT-VALUE})")
  int idle;

  @Option(names = "--seed", defaultValue = "1", description = "random seed for the kinds of cycles (default"
      + " ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "the store's folder for the run (default: a fresh temporary folder, deleted after a run that"
          + " passed and kept after one that failed)")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || cycles < 1) {
      throw new ParameterException(spec.commandLine(), "--clients and --cycles must be at least 1");
    }
    if (silentClients < 0 || probes < 0 || roundTrips < 0 || idle < 0 || killBridgeEvery.isNegative()) {
      throw new ParameterException(spec.commandLine(),
          "--silent-clients, --probes, --round-trips, --idle and --kill-bridge-every must not be negative");
    }
    try {
      StateFolder.requireFresh(stateDir);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ConnectionsScenario.Settings settings = new ConnectionsScenario.Settings(clients, cycles, replaceStorms, abrupt,
        silentClients, killBridgeEvery, probes, roundTrips, idle, seed, stateDir);
    ConnectionsRun run = new ConnectionsScenario(settings, spec.commandLine().getErr()).run();
    HarnessMain.writeJson(json, run);
    if (html != null) {
      page(run).write(html);
    }
    summarize(run, spec.commandLine().getOut());
    return run.passed() ? HarnessMain.PASSED : HarnessMain.CHECK_FAILED;
  }

  /** The command's own page: the verdict above the connections sections. */
  static HtmlPage page(ConnectionsRun run) {
    long failed = run.checks().stream().filter(c -> !c.passed()).count();
    HtmlPage page = new HtmlPage("snap-mcp harness: connections").verdict(run.passed(), run.passed()
        ? "Every check passed: " + run.checks().size() + " checks over " + HtmlPage.fmt(run.cycles()) + " cycles."
        : failed + " of " + run.checks().size() + " checks failed.");
    return ConnectionsPages.addSections(page, run);
  }

  private void summarize(ConnectionsRun run, PrintWriter out) {
    RunSummary.print(out, "connections", 62, ConnectionsPages.figures(run), run.checks(), run.violations(), run.passed(), json, html);
  }
}
