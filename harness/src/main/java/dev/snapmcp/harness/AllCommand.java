package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code all}: the store sweep (snap-mcp's file store, SQLite and snap-mcp's PostgreSQL store at each process count,
 * one after the other, with crashes, and for PostgreSQL a restart of its server), the naive self-check, and a
 * connections run, with defaults sized for a 2-core machine; one JSON, one HTML page.
 */
@Command(name = "all", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Everything, sized for this machine: at each process count the same store workload on snap-mcp's file"
            + " store, on SQLite and on snap-mcp's PostgreSQL store (each without and with crashes; PostgreSQL's crash"
            + " run also restarts its server mid-run), the deliberately broken naive store (which must be caught), and"
            + " a connections run (ConnectionsScenario's defaults: 50 clients x 200 cycles with races and abrupt"
            + " drops). One JSON object and one HTML page with the stores side by side.",
        "Exit: 0 every check of snap-mcp's stores and the bridge passed and the naive store was caught; 1 one of"
            + " them failed; 3 the naive store was NOT caught; 2 usage error. SQLite's checks are reported, not"
            + " counted: it is the comparison."})
final class AllCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--processes", split = ",", defaultValue = "1,2,4,8,16", paramLabel = "N,N,...",
      description = "process counts to sweep (default ${DEFAULT-VALUE})")
  List<Integer> processes;

  @Option(names = "--updates-per-point", defaultValue = "2400", paramLabel = "U",
      description = "updates at each process count, shared among the processes (at least 100 each)"
          + " (default ${DEFAULT-VALUE})")
  int updatesPerPoint;

  @Option(names = "--hot-sessions", defaultValue = "4", paramLabel = "K", description = "(default ${DEFAULT-VALUE})")
  int hotSessions;

  @Option(names = "--crash-every", defaultValue = "500ms", paramLabel = "S",
      converter = DurationConverter.class,
      description = "in the crash runs, SIGKILL a random worker on average this often (default ${DEFAULT-VALUE})")
  Duration crashEvery;

  @Option(names = "--stores", split = ",", defaultValue = "file,sqlite,postgres", paramLabel = "STORE,...",
      converter = StoreKind.Converter.class,
      description = "the stores to compare, of file, sqlite and postgres (default ${DEFAULT-VALUE})")
  List<StoreKind> stores;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "run the postgres runs on this server (jdbc:postgresql://HOST:PORT/DB?user=U&password=P), without"
          + " the restart (default: a PostgreSQL server the harness starts, and restarts in each crash run)")
  String pgUrl;

  @Option(names = "--json", defaultValue = "harness-report/all.json", paramLabel = "FILE",
      description = "(default ${DEFAULT-VALUE})")
  Path json;

  @Option(names = "--html", defaultValue = "harness-report/all.html", paramLabel = "FILE",
      description = "(default ${DEFAULT-VALUE})")
  Path html;

  @Option(names = "--seed", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
  long seed;

  /** What {@code all --json} writes. */
  record AllRun(
      @JsonProperty("passed") boolean passed,
      @JsonProperty("naiveCaught") boolean naiveCaught,
      @JsonProperty("startedAt") Instant startedAt,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("machine") String machine,
      @JsonProperty("storeRuns") List<StoreRun> storeRuns,
      @JsonProperty("naive") StoreRun naive,
      @JsonProperty("connections") ConnectionsRun connections) {}

  @Override
  public Integer call() throws Exception {
    if (processes.isEmpty() || processes.stream().anyMatch(p -> p < 1) || updatesPerPoint < 1 || hotSessions < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "process counts, --updates-per-point and"
          + " --hot-sessions must be at least 1");
    }
    if (stores.isEmpty() || stores.contains(StoreKind.NAIVE)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--stores takes file, sqlite and postgres (the"
          + " naive store runs as the self-check anyway)");
    }
    try (HarnessDatabase database = stores.contains(StoreKind.POSTGRES) ? HarnessDatabase.start(pgUrl) : null) {
      return run(database);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private int run(HarnessDatabase database) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    StateFolder folder = StateFolder.of(null, "all");
    List<StoreRun> runs = new ArrayList<>();
    for (int n : processes) {
      int each = Math.max(100, updatesPerPoint / n);
      for (StoreKind kind : stores) {
        // Throughput without crashes (a restarting JVM would count against the store), then the same with crashes;
        // PostgreSQL's crash run also restarts its server once, mid-run, when the harness started it.
        for (Duration crashes : List.of(Duration.ZERO, crashEvery)) {
          boolean restart = kind == StoreKind.POSTGRES && !crashes.isZero() && database.canRestart();
          StoreRun r = StoreScenario.run(new StoreScenario.Settings(kind, n, each, hotSessions, crashes, Duration.ZERO,
              seed, folder.path().resolve(kind.label() + "-" + n + (crashes.isZero() ? "" : "-crashing")),
              kind == StoreKind.POSTGRES ? database : null, restart));
          StoreCommand.summarize(r, out);
          out.flush();
          runs.add(r);
        }
      }
    }
    int naiveProcesses = Math.max(4, processes.stream().mapToInt(Integer::intValue).max().orElse(4));
    StoreRun naive = StoreScenario.run(new StoreScenario.Settings(StoreKind.NAIVE, naiveProcesses,
        Math.max(100, updatesPerPoint / naiveProcesses), hotSessions, Duration.ZERO, Duration.ZERO, seed,
        folder.path().resolve("naive-" + naiveProcesses)));
    StoreCommand.summarize(naive, out);
    ConnectionsRun connections = new ConnectionsScenario(ConnectionsScenario.Settings.defaults(),
        spec.commandLine().getErr()).run();
    out.printf(Locale.ROOT, "connections: %d clients, %d cycles at %.0f/s, state mismatches %d, late-close flips %d,"
        + " visibility p50 %.2f ms p99 %.2f ms: %s%n", connections.clients(), connections.cycles(),
        connections.cyclesPerSec(), connections.stateMismatches(), connections.lateCloseFlips(),
        connections.visibilityLatencyMs().p50(), connections.visibilityLatencyMs().p99(),
        connections.passed() ? "every check passed" : "a check FAILED");
    // The verdict is snap-mcp's: our stores and the bridge. SQLite is the comparison; its checks are reported (a
    // failed SQLite check is a finding about SQLite on this machine, e.g. a call given up after its busy timeout).
    boolean passed = runs.stream().filter(r -> !r.store().equals(StoreKind.SQLITE.label())).allMatch(StoreRun::passed)
        && connections.passed();
    List<StoreRun> sqliteFailed = runs.stream().filter(r -> r.store().equals(StoreKind.SQLITE.label()))
        .filter(r -> !r.passed()).toList();
    AllRun all = new AllRun(passed && naive.caught(), naive.caught(), startedAt, (System.nanoTime() - t0) / 1e9,
        HarnessMain.describeMachine(), runs, naive, connections);
    HarnessMain.writeJson(json, all);
    HtmlPage page = new HtmlPage("snap-mcp harness: all");
    page.verdict(all.passed(), String.format(Locale.ROOT, "%d store runs (%s processes; %s, each without and with"
        + " crashes%s) and a connections run: %s; %s; the naive store %s. %.0f s on %s.", runs.size(), processes,
        String.join(", ", stores.stream().map(StoreKind::label).toList()), stores.contains(StoreKind.POSTGRES)
        && database.canRestart() ? ", postgres's crash runs with a restart of its server" : "", passed
        ? "every check of snap-mcp passed" : "a check of snap-mcp FAILED", sqliteFailed.isEmpty()
        ? "SQLite passed every check too" : "SQLite (the comparison) failed a check in " + sqliteFailed.size()
        + " runs, listed below", naive.caught() ? "was caught, as it must be" : "was NOT caught", all.seconds(),
        all.machine()));
    StorePages.addSweep(page, runs);
    for (StoreRun r : sqliteFailed) {
      page.heading("SQLite ×" + r.processes() + (r.crashEverySeconds() > 0 ? " with crashes" : "") + ": what failed")
          .list(r.violations().isEmpty() ? r.checks().stream().filter(c -> !c.passed())
              .map(c -> c.name() + ": " + c.detail()).toList() : r.violations());
    }
    page.heading("Self-check: the deliberately broken naive store")
        .paragraph(StoreCommand.verdictSentence(naive));
    StorePages.addRun(page, naive);
    ConnectionsPages.addSections(page, connections);
    page.write(html);
    folder.cleanUp(all.passed(), out);
    out.println((all.passed() ? "PASSED" : "FAILED") + ": JSON " + json.toAbsolutePath() + ", HTML report "
        + html.toAbsolutePath());
    out.flush();
    if (!naive.caught()) {
      return HarnessMain.NAIVE_NOT_CAUGHT;
    }
    return passed ? HarnessMain.PASSED : HarnessMain.CHECK_FAILED;
  }
}
