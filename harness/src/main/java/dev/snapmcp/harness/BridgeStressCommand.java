package dev.snapmcp.harness;

import dev.snapmcp.mcp.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridge}: runs {@link BridgeScenario} against a real bridge process, checks, writes the report. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = {"Connect/disconnect storms of fake browsers against a real bridge process, then: the store's"
        + " histories checked against the live sockets, welcome-to-another-process latency, command round trips"
        + " through the control API, idle connections held and memory. Exit 0 if every invariant held, 1 if not."})
final class BridgeStressCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--clients", defaultValue = "50", description = "storm clients (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--storm", defaultValue = "20s", converter = DurationConverter.class,
      description = "how long the storm lasts (default ${DEFAULT-VALUE})")
  Duration storm;

  @Option(names = "--kill-bridge-every", defaultValue = "0s", converter = DurationConverter.class,
      description = "during the storm, kill -9 the bridge this often and restart it; 0s for never (the default:"
          + " the cycle rate is then the bridge's own)")
  Duration killBridgeEvery;

  @Option(names = "--probes", defaultValue = "200",
      description = "connections timed to another process seeing them (default ${DEFAULT-VALUE})")
  int probes;

  @Option(names = "--round-trips", defaultValue = "2000",
      description = "commands timed through the control API (default ${DEFAULT-VALUE})")
  int roundTrips;

  @Option(names = "--idle", defaultValue = "1000", description = "idle connections to hold (default ${DEFAULT-VALUE})")
  int idle;

  @Option(names = "--status-every", defaultValue = "2s", converter = DurationConverter.class,
      description = "print status this often (default ${DEFAULT-VALUE})")
  Duration statusEvery;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--report-dir",
      description = "folder for report.json, report.html and the run's state folder; must not hold an earlier run"
          + " (default: stress-report/bridge-<UTC time>)")
  Path reportDir;

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || probes < 1 || roundTrips < 1 || idle < 1 || storm.isNegative() || storm.isZero()
        || statusEvery.isZero()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--clients, --storm, --probes, --round-trips, --idle and --status-every must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    BridgeScenario.Settings settings = new BridgeScenario.Settings(clients, storm, killBridgeEvery, probes,
        roundTrips, idle,
        statusEvery, seed, ReportDirs.choose(reportDir, "bridge", spec.commandLine()));
    Report report = new BridgeScenario(settings, out).run();
    ReportWriter.write(report, settings.reportDir());
    return summarize(report, settings.reportDir(), out);
  }

  /** Prints the figures and the verdict; returns the exit code. */
  static int summarize(Report report, Path dir, PrintWriter out) {
    for (Report.Figure f : report.figures()) {
      out.printf(java.util.Locale.ROOT, "  %-52s %12s %-8s%s%n", f.name(), ReportWriter.fmt(f.value()), f.unit(),
          f.target() == null ? "" : " target " + f.target() + (f.met() ? " ok" : " MISSED"));
    }
    report.violations().forEach(v -> out.println("  VIOLATION " + v));
    out.println((report.passed() ? "PASSED" : "FAILED: " + report.violations().size() + " invariant violations")
        + "; report: " + dir.resolve(ReportWriter.HTML_FILE));
    out.flush();
    return report.passed() ? 0 : 1;
  }
}
