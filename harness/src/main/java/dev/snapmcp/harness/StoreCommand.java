package dev.snapmcp.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code store}: one {@link StoreScenario} run, its summary on stdout, {@code --json} and {@code --html}. */
@Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "N worker processes each make M updates on one shared store, mostly contending on K hot sessions, while a"
            + " reader process reads the store continuously without the lock; with --crash-every, random workers"
            + " are killed with SIGKILL and restarted. Then every acknowledged update must be in the store exactly"
            + " once, each worker's updates in order, every read whole, no stray files left.",
        "Exit: 0 every check passed; 1 a check failed (for --store naive that is the expected outcome: the checker"
            + " caught it); 3 --store naive was NOT caught (the checker cannot fail); 2 usage error."})
final class StoreCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--processes", defaultValue = "4", paramLabel = "N",
      description = "worker processes (JVMs) (default ${DEFAULT-VALUE})")
  int processes;

  @Option(names = "--updates", defaultValue = "500", paramLabel = "M",
      description = "updates each worker makes (default ${DEFAULT-VALUE})")
  int updates;

  @Option(names = "--hot-sessions", defaultValue = "4", paramLabel = "K",
      description = "sessions every worker contends on; 90%% of updates go to them, the rest to each worker's own"
          + " session (default ${DEFAULT-VALUE})")
  int hotSessions;

  @Option(names = "--crash-every", defaultValue = "0", paramLabel = "S", converter = DurationConverter.class,
      description = "kill a random worker with SIGKILL at random moments, on average this often (seconds, or e.g."
          + " 500ms, 2s), and restart it; 0 for never (default ${DEFAULT-VALUE})")
  Duration crashEvery;

  @Option(names = "--think-time", defaultValue = "0s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "each worker pauses this long before each update, as a user's pace would (e.g. 1ms); 0 for a"
          + " closed loop where every worker always wants the lock (default ${DEFAULT-VALUE})")
  Duration thinkTime;

  @Option(names = "--store", defaultValue = "file", paramLabel = "file|sqlite|postgres|naive",
      converter = StoreKind.Converter.class,
      description = "file: snap-mcp's store; sqlite: SQLite (WAL, synchronous=FULL, busy timeout) for comparison;"
          + " postgres: snap-mcp's PostgreSQL store, on a server the harness starts (or --pg-url's);"
          + " naive: the old prototype's DELIBERATELY BROKEN store, which the checker must catch (default file)")
  StoreKind store;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "for --store postgres: run on this server, jdbc:postgresql://HOST:PORT/DB?user=U&password=P, in"
          + " a new schema (default: a PostgreSQL server the harness starts from its embedded binaries)")
  String pgUrl;

  @Option(names = "--restart-database",
      description = "for --store postgres: restart the database server (a fast shutdown, then a start) once half the"
          + " updates are acknowledged; the workers must carry on by themselves and lose nothing acknowledged")
  boolean restartDatabase;

  @Option(names = "--json", paramLabel = "FILE", description = "write the figures as one JSON object")
  Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML report")
  Path html;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "where the store lives during the run (must be empty; default: a new temporary folder, deleted"
          + " after a passing run and kept for a post-mortem otherwise)")
  Path stateDir;

  @Option(names = "--seed", defaultValue = "1", description = "random seed: sessions chosen, crash moments"
      + " (default ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws IOException {
    if (processes < 1 || updates < 1 || hotSessions < 1 || crashEvery.isNegative() || thinkTime.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--processes, --updates and --hot-sessions must be at least 1, --crash-every and --think-time not negative");
    }
    if ((pgUrl != null || restartDatabase) && store != StoreKind.POSTGRES) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--pg-url and --restart-database go with"
          + " --store postgres");
    }
    if (restartDatabase && pgUrl != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--restart-database restarts a server the harness"
          + " started: leave out --pg-url");
    }
    try {
      StateFolder.requireFresh(stateDir);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    StateFolder folder = StateFolder.of(stateDir, "store-" + store.label());
    StoreRun run;
    try (HarnessDatabase database = store == StoreKind.POSTGRES ? startDatabase() : null) {
      run = StoreScenario.run(new StoreScenario.Settings(store, processes, updates, hotSessions, crashEvery,
          thinkTime, seed, folder.path(), database, restartDatabase));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json != null) {
      HarnessMain.writeJson(json, run);
    }
    if (html != null) {
      HtmlPage page = new HtmlPage("snap-mcp harness: store (" + store.label() + ")");
      page.verdict(store == StoreKind.NAIVE ? run.caught() : run.passed(), verdictSentence(run));
      StorePages.addRun(page, run);
      page.write(html);
    }
    summarize(run, out);
    int code = exitCode(run);
    folder.cleanUp(code == 0 || store == StoreKind.NAIVE && code == 1, out);
    if (json != null) {
      out.println("JSON: " + json.toAbsolutePath());
    }
    if (html != null) {
      out.println("HTML report: " + html.toAbsolutePath());
    }
    out.flush();
    return code;
  }

  private HarnessDatabase startDatabase() {
    try {
      return HarnessDatabase.start(pgUrl);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** 0 passed; 1 a check failed (naive: caught, as it must be); 3 naive not caught. */
  static int exitCode(StoreRun run) {
    if (run.store().equals(StoreKind.NAIVE.label())) {
      return run.caught() ? HarnessMain.CHECK_FAILED : HarnessMain.NAIVE_NOT_CAUGHT;
    }
    return run.passed() ? HarnessMain.PASSED : HarnessMain.CHECK_FAILED;
  }

  static String verdictSentence(StoreRun r) {
    if (r.store().equals(StoreKind.NAIVE.label())) {
      return r.caught() ? "The deliberately broken naive store was caught, as it must be: " + r.lostUpdates()
          + " lost updates and " + r.tornReads() + " torn reads."
          : "The naive store was NOT caught (lost " + r.lostUpdates() + ", torn " + r.tornReads()
              + "): the checker cannot tell a broken store from a good one.";
    }
    return r.processes() + " processes made " + r.acknowledged() + " acknowledged updates on the " + r.store()
        + " store at " + Math.round(r.opsPerSec()) + "/s with " + r.crashes()
        + (r.crashes() == 1 ? " crash" : " crashes") + (r.databaseRestarts().isEmpty() ? "" : " and "
        + r.databaseRestarts().size() + " database restart" + (r.databaseRestarts().size() == 1 ? "" : "s"))
        + ": " + (r.passed()
        ? "every check passed." : r.checks().stream().filter(c -> !c.passed()).count() + " checks failed.");
  }

  static void summarize(StoreRun r, PrintWriter out) {
    out.printf(Locale.ROOT, "store %s: %d processes x %d updates, %d hot sessions, %d crash%s%s, %.1f s%s%n",
        r.store(), r.processes(), r.updatesPerProcess(), r.hotSessions(), r.crashes(), r.crashes() == 1 ? "" : "es",
        r.databaseRestarts().isEmpty() ? "" : String.format(Locale.ROOT, ", database restarted at %.1f s (down %.2f"
            + " s)", r.databaseRestarts().get(0).atSeconds(), r.databaseRestarts().get(0).downSeconds()),
        r.seconds(),
        r.thinkTimeMs() > 0 ? ", think time " + r.thinkTimeMs() + " ms" : "");
    out.printf(Locale.ROOT, "  acknowledged %d, applied %d, lost %d, duplicated %d, torn reads %d of %d%n",
        r.acknowledged(), r.applied(), r.lostUpdates(), r.duplicateUpdates(), r.tornReads(), r.readerReads());
    out.printf(Locale.ROOT, "  %.0f updates/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", r.opsPerSec(),
        r.latencyMs().p50(), r.latencyMs().p99(), r.latencyMs().max());
    for (Check c : r.checks()) {
      out.println("  " + (c.passed() ? "ok   " : "FAIL ") + c.name() + (c.passed() ? "" : ": " + c.detail()));
    }
    r.violations().stream().limit(10).forEach(v -> out.println("  found: " + v));
    out.println(verdictSentence(r));
  }
}
