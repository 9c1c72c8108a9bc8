package dev.snapmcp.harness;

import static dev.snapmcp.harness.HtmlPage.fmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The store runs' part of an HTML report: one run in detail, or a sweep over process counts and stores. */
final class StorePages {

  private StorePages() {}

  /** One run: its checks, figures, throughput over time with the crashes, the latency histogram. */
  static void addRun(HtmlPage page, StoreRun r) {
    page.heading("Store: " + r.store() + ", " + r.processes() + " processes × " + r.updatesPerProcess() + " updates")
        .checks(r.checks())
        .table(List.of("figure", "value"), List.of(
            List.of("acknowledged updates", fmt(r.acknowledged())),
            List.of("applied (the final counts)", fmt(r.applied())),
            List.of("lost updates", fmt(r.lostUpdates())),
            List.of("duplicate updates", fmt(r.duplicateUpdates())),
            List.of("torn reads (of " + fmt(r.readerReads()) + " unlocked reads)", fmt(r.tornReads())),
            List.of("updates per second", fmt(Math.round(r.opsPerSec()))),
            List.of("latency p50 / p99 / max (ms)", fmt(r.latencyMs().p50()) + " / " + fmt(r.latencyMs().p99())
                + " / " + fmt(r.latencyMs().max())),
            List.of("workers killed with SIGKILL and restarted", fmt(r.crashes())),
            List.of("database server restarts (down, s)", r.databaseRestarts().isEmpty() ? "0"
                : r.databaseRestarts().size() + " (" + String.join(", ", r.databaseRestarts().stream()
                    .map(d -> fmt(d.downSeconds())).toList()) + ")"),
            List.of("hot sessions", fmt(r.hotSessions())),
            List.of("seconds", fmt(r.seconds()))));
    List<Charts.Marker> markers = markers(r, "");
    page.chart(Charts.timeline(Map.of(r.store(), points(r)), markers, "updates/s"),
        "Acknowledged updates per second over the run; red lines: a worker killed with SIGKILL, or the database"
            + " server restarted (hover for which).");
    page.chart(Charts.latencyHistogram(Map.of(r.store(), r.latencyMicros())),
        "Share of update calls by latency (the call as the worker timed it, lock wait included).");
    if (!r.violations().isEmpty()) {
      page.heading("What the checker found (first " + r.violations().size() + ")").list(r.violations());
    }
  }

  /**
   * A sweep: throughput and p99 latency against the number of processes for each store side by side (from the runs
   * without crashes), a table with the ratios and what the crash runs survived, the latency histograms and crash
   * timelines of the largest runs, and each run's checks.
   */
  static void addSweep(HtmlPage page, List<StoreRun> runs) {
    List<Integer> counts = new ArrayList<>(new TreeSet<>(runs.stream().map(StoreRun::processes).toList()));
    List<String> stores = runs.stream().map(StoreRun::store).distinct().toList();
    List<String> categories = counts.stream().map(c -> c + (c == 1 ? " process" : " processes")).toList();
    Map<String, List<Double>> rate = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    for (String store : stores) {
      rate.put(store, counts.stream().map(c -> find(runs, store, c, false))
          .map(r -> r == null ? null : r.opsPerSec()).toList());
      p99.put(store, counts.stream().map(c -> find(runs, store, c, false))
          .map(r -> r == null ? null : r.latencyMs().p99()).toList());
    }
    page.heading("Store throughput against processes");
    page.chart(Charts.groupedBars(categories, rate, "acknowledged updates/s"),
        "Each group: the same workload on each store without crashes, run one after another on this machine.");
    page.chart(Charts.groupedBars(categories, p99, "p99 update latency, ms"), "Lower is better.");
    List<String> compared = stores.contains(SQLITE) ? stores.stream().filter(st -> !st.equals(SQLITE)).toList()
        : List.of();
    List<List<String>> rows = new ArrayList<>();
    for (int c : counts) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(c)));
      for (String store : stores) {
        StoreRun r = find(runs, store, c, false);
        StoreRun crashed = find(runs, store, c, true);
        row.add((r == null ? "" : fmt(Math.round(r.opsPerSec())) + "/s, p99 " + fmt(r.latencyMs().p99()) + " ms")
            + (crashed == null ? "" : "; with " + crashed.crashes() + " crashes"
            + (crashed.databaseRestarts().isEmpty() ? "" : " and a database restart") + ": lost "
            + crashed.lostUpdates()
            + ", dup " + crashed.duplicateUpdates() + ", torn " + crashed.tornReads()
            + (crashed.passed() ? " ✓" : " ✗")));
      }
      StoreRun sqlite = find(runs, SQLITE, c, false);
      for (String store : compared) {
        StoreRun r = find(runs, store, c, false);
        row.add(r == null || sqlite == null || sqlite.opsPerSec() == 0 ? "" : String.format(java.util.Locale.ROOT,
            "%.2f× / %.2f×", r.opsPerSec() / sqlite.opsPerSec(), r.latencyMs().p99() / sqlite.latencyMs().p99()));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("processes"));
    header.addAll(stores);
    compared.forEach(store -> header.add(store + " ÷ sqlite (updates/s / p99)"));
    page.table(header, rows);
    int largest = counts.get(counts.size() - 1);
    Map<String, long[]> latencies = new LinkedHashMap<>();
    Map<String, List<double[]>> timelines = new LinkedHashMap<>();
    List<Charts.Marker> markers = new ArrayList<>();
    for (String store : stores) {
      StoreRun r = find(runs, store, largest, false);
      if (r != null) {
        latencies.put(store, r.latencyMicros());
      }
      StoreRun crashed = find(runs, store, largest, true);
      if (crashed != null) {
        timelines.put(store, points(crashed));
        markers.addAll(markers(crashed, store + ": "));
      }
    }
    page.heading("Latency and crashes at " + largest + " processes");
    page.chart(Charts.latencyHistogram(latencies), "Share of update calls by latency, per store (runs without"
        + " crashes).");
    if (!timelines.isEmpty()) {
      page.chart(Charts.timeline(timelines, markers, "updates/s"), "The crash runs: updates per second over each"
          + " store's run (each from its own start); red lines: workers killed with SIGKILL, and PostgreSQL's"
          + " server restarted (hover for which).");
    }
    page.heading("Checks, run by run");
    List<List<String>> checkRows = new ArrayList<>();
    for (StoreRun r : runs) {
      List<Check> failed = r.checks().stream().filter(c -> !c.passed()).toList();
      checkRows.add(List.of(r.store() + " ×" + r.processes() + (r.crashEverySeconds() > 0 ? ", with crashes" : ""),
          (r.checks().size() - failed.size()) + " of " + r.checks().size() + (failed.isEmpty() ? " ✓" : " ✗"),
          failed.isEmpty() ? "" : String.join("; ", failed.stream().map(c -> c.name() + ": " + c.detail())
              .toList())));
    }
    page.table(List.of("run", "checks passed", "failed"), checkRows);
    page.paragraph("Each run's checks: " + String.join("; ", runs.isEmpty() ? List.of()
        : runs.get(0).checks().stream().map(Check::name).toList()) + ".");
  }

  private static final String SQLITE = "sqlite";

  /** The run's crashes and database restarts as chart markers, each label after {@code prefix}. */
  private static List<Charts.Marker> markers(StoreRun r, String prefix) {
    List<Charts.Marker> markers = new ArrayList<>();
    r.crashLog().forEach(c -> markers.add(new Charts.Marker(c.atSeconds(), prefix + "killed " + c.process())));
    r.databaseRestarts().forEach(d -> markers.add(new Charts.Marker(d.atSeconds(), prefix + "database restarted"
        + " (down " + fmt(d.downSeconds()) + " s)")));
    return markers;
  }

  private static StoreRun find(List<StoreRun> runs, String store, int processes, boolean crashing) {
    return runs.stream().filter(r -> r.store().equals(store) && r.processes() == processes
        && (r.crashEverySeconds() > 0) == crashing).findFirst().orElse(null);
  }

  private static List<double[]> points(StoreRun r) {
    return r.timeline().stream().map(p -> new double[] {p.atSeconds(), p.perSecond()}).toList();
  }
}
