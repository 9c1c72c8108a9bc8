package dev.snapmcp.harness;

import dev.snapmcp.mcp.cli.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code store}: runs {@link StoreScenario}, prints status every few seconds, checks, writes the report. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = {"Worker processes update one session store while some are killed with -9 and restarted and a"
        + " reader parses the file continuously; then every acknowledged update is checked to be present exactly"
        + " once and no read torn. Exit 0 if every invariant held, 1 if not."})
final class StoreStressCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--workers", defaultValue = "4", description = "worker processes (default ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--threads", defaultValue = "2", description = "writer threads per worker (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "how long to run (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--kill-every", defaultValue = "3s", converter = DurationConverter.class,
      description = "kill -9 a random worker this often and restart it; 0s for never (default ${DEFAULT-VALUE})")
  Duration killEvery;

  @Option(names = "--status-every", defaultValue = "2s", converter = DurationConverter.class,
      description = "print status this often (default ${DEFAULT-VALUE})")
  Duration statusEvery;

  @Option(names = "--broken-store",
      description = "run the DELIBERATELY BROKEN prototype store instead, to see the checker fail")
  boolean broken;

  @Option(names = "--no-group-commit", description = "commit each update alone (the store's group commit off)")
  boolean noGroupCommit;

  @Option(names = "--seed", defaultValue = "1", description = "random seed for the kills (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--report-dir",
      description = "folder for report.json, report.html and the run's state folder; must not hold an earlier run"
          + " (default: stress-report/store-<UTC time>)")
  Path reportDir;

  @Override
  public Integer call() throws IOException {
    if (workers < 1 || threads < 1 || duration.isNegative() || duration.isZero() || statusEvery.isZero()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--workers, --threads, --duration and --status-every must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    StoreScenario.Settings settings = new StoreScenario.Settings(workers, threads, duration, killEvery, statusEvery,
        broken, !noGroupCommit, seed, ReportDirs.choose(reportDir, "store", spec.commandLine()));
    Report report = new StoreScenario(settings, out).run();
    ReportWriter.write(report, settings.reportDir());
    return summarize(report, settings.reportDir(), out);
  }

  /** Prints the figures and the verdict; returns the exit code. */
  static int summarize(Report report, Path dir, PrintWriter out) {
    for (Report.Figure f : report.figures()) {
      out.printf(Locale.ROOT, "  %-52s %12s %-8s%s%n", f.name(), ReportWriter.fmt(f.value()), f.unit(),
          f.target() == null ? "" : " target " + f.target() + (f.met() ? " ok" : " MISSED"));
    }
    report.violations().forEach(v -> out.println("  VIOLATION " + v));
    out.println((report.passed() ? "PASSED" : "FAILED: " + report.violations().size() + " invariant violations")
        + "; report: " + dir.resolve(ReportWriter.HTML_FILE));
    out.flush();
    return report.passed() ? 0 : 1;
  }
}
