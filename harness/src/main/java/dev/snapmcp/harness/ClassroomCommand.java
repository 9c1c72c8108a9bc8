package dev.snapmcp.harness;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code classroom}: options -> {@link ClassroomScenario.Settings} -> {@link ClassroomScenario#run()} -> the JSON and
 * HTML files -> a summary on stdout -> exit 0 (every check passed) or 1.
 */
@Command(name = "classroom", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The classroom service under load: PostgreSQL, 3 bridge nodes (snap-mcp bridge --store"
        + " postgresql://…, each with its snap-mcp serve --http) behind a round-robin TCP front, simulated tabs"
        + " (the extension's protocol and mutual proof) through the front, and simulated assistants calling a tool"
        + " over MCP HTTP with the SDK's client at a classroom's pace. A third of the way in, one node is killed with"
        + " -9 and restarted. Checks: every acknowledged session update kept, every call answered once or failed with"
        + " a clear code, no command executed twice, every tab back within a bound.",
        "Progress on stderr; the summary on stdout. Exit 0 if every check passed, 1 if one failed, 2 on a usage"
            + " error."})
final class ClassroomCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--tabs", defaultValue = "100", paramLabel = "N",
      description = "simulated Snap! tabs, one session each (default ${DEFAULT-VALUE})")
  int tabs;

  @Option(names = "--assistants", defaultValue = "30", paramLabel = "M",
      description = "simulated assistants, each driving one tab's session (default ${DEFAULT-VALUE}; at most --tabs)")
  int assistants;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "how long the assistants call (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--think-time", defaultValue = "200ms", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "each assistant's pause before each call (default ${DEFAULT-VALUE})")
  Duration thinkTime;

  @Option(names = "--reconnect-bound", defaultValue = "30s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "how soon after the kill every tab of the killed node must be welcomed again (default"
          + " ${DEFAULT-VALUE})")
  Duration reconnectBound;

  @Option(names = "--heartbeat", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "the nodes' heartbeat (3 missed: dead and reaped; default ${DEFAULT-VALUE}, snap-mcp's own is 5s)")
  Duration heartbeat;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "use this PostgreSQL server (jdbc:postgresql://HOST:PORT/DB?user=U&password=P) instead of"
          + " starting the embedded one; the run gets a schema of its own")
  String pgUrl;

  @Option(names = "--json", required = true, paramLabel = "FILE",
      description = "write the results as one JSON object here")
  Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML page here")
  Path html;

  @Override
  public Integer call() throws Exception {
    if (tabs < 1 || assistants < 1 || assistants > tabs) {
      throw new ParameterException(spec.commandLine(), "--tabs and --assistants must be at least 1, and"
          + " --assistants at most --tabs");
    }
    if (duration.toMillis() < 3_000 || thinkTime.isNegative() || reconnectBound.isNegative() || reconnectBound.isZero()
        || heartbeat.isNegative() || heartbeat.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be at least 3s; --think-time not negative;"
          + " --reconnect-bound and --heartbeat positive");
    }
    ClassroomScenario.Settings settings = new ClassroomScenario.Settings(tabs, assistants, duration, thinkTime,
        reconnectBound, heartbeat, pgUrl);
    ClassroomRun run = new ClassroomScenario(settings, spec.commandLine().getErr()).run();
    HarnessMain.writeJson(json, run);
    if (html != null) {
      page(run).write(html);
    }
    summarize(run, spec.commandLine().getOut());
    return run.passed() ? HarnessMain.PASSED : HarnessMain.CHECK_FAILED;
  }

  /** The figures, as rows of (what, value), for stdout and the page. */
  static List<List<String>> figures(ClassroomRun r) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("tabs / assistants / nodes", r.tabs() + " / " + r.assistants() + " / " + r.nodes()));
    rows.add(List.of("tool calls (ok), over seconds", r.calls() + " (" + r.callsOk() + "), " + fmt(r.seconds())));
    rows.add(List.of("calls per second", fmt(r.callsPerSec())));
    rows.add(List.of("failed calls by code", r.failuresByCode().isEmpty() ? "none" : r.failuresByCode().toString()));
    rows.add(List.of("same-node latency ms p50 / p99 (calls)", latency(r.sameNodeLatencyMs())));
    rows.add(List.of("cross-node latency ms p50 / p99 (calls)", latency(r.crossNodeLatencyMs())));
    rows.add(List.of("node killed at s / back after s", "node" + r.killedNode() + " at " + fmt(r.killAtSeconds())
        + " / " + fmt(r.restartSeconds())));
    rows.add(List.of("tabs moved by the kill; reconnect ms p50 / max", r.tabsMovedByKill() + "; "
        + fmt(r.reconnectAfterKillMs().p50()) + " / " + fmt(r.reconnectAfterKillMs().max())));
    rows.add(List.of("commands executed by tabs; delivered again (hand-over)", r.commandsExecuted() + "; "
        + r.commandsDeliveredAgain()));
    for (ClassroomRun.NodeMemory m : r.nodeMemory()) {
      rows.add(List.of("node" + m.node() + " RSS MiB: bridge / serve", fmt(m.bridgeRssMib()) + " / "
          + fmt(m.serveRssMib())));
    }
    rows.add(List.of("front: connections handed to each node", r.frontConnectionsPerNode().toString()));
    return rows;
  }

  /** The command's own page: the verdict, the checks, the figures, the violations. */
  static HtmlPage page(ClassroomRun run) {
    long failed = run.checks().stream().filter(c -> !c.passed()).count();
    HtmlPage page = new HtmlPage("snap-mcp harness: classroom").verdict(run.passed(), run.passed()
        ? "Every check passed: " + run.checks().size() + " checks over " + run.calls() + " tool calls."
        : failed + " of " + run.checks().size() + " checks failed.");
    page.heading("Checks").checks(run.checks());
    page.heading("Figures").table(List.of("what", "value"), figures(run));
    Map<String, List<Double>> latency = new LinkedHashMap<>(); // same node first, in the legend too
    latency.put("same node", List.of(run.sameNodeLatencyMs().p50(), run.sameNodeLatencyMs().p99()));
    latency.put("cross node", List.of(run.crossNodeLatencyMs().p50(), run.crossNodeLatencyMs().p99()));
    page.heading("Latency of answered calls (ms)").chart(Charts.groupedBars(List.of("p50", "p99"), latency, "ms"),
        "same node: the answering node held the tab; cross node: the command went through PostgreSQL");
    if (!run.violations().isEmpty()) {
      page.heading("Violations (first 50)").list(run.violations());
    }
    return page.paragraph("Machine: " + run.machine());
  }

  private void summarize(ClassroomRun run, PrintWriter out) {
    RunSummary.print(out, "classroom", 56, figures(run), run.checks(), run.violations(), run.passed(), json, html);
  }

  private static String latency(Latency l) {
    return fmt(l.p50()) + " / " + fmt(l.p99()) + " (" + l.count() + ")";
  }

  private static String fmt(double v) {
    return HtmlPage.fmt(v);
  }
}
