package dev.snapmcp.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The connections run's part of an HTML report, and its figures as rows for the page and the command's summary. */
final class ConnectionsPages {

  private ConnectionsPages() {}

  /**
   * Adds the connections sections to {@code page}: the checks, the figures, cycles per second over the storm (bridge
   * kills marked), the visibility-latency histogram, and the violations. The {@code connections} command puts a
   * verdict above them; {@code all} composes them with the other scenarios' sections.
   */
  static HtmlPage addSections(HtmlPage page, ConnectionsRun run) {
    page.heading("Connections: " + run.clients() + " clients × " + run.cyclesPerClient()
            + " cycles against a real bridge process")
        .paragraph("Each client connects, says hello, waits for the welcome and closes, as fast as it can"
            + (run.replaceStorms() ? "; one cycle in ten races two sockets for its session (the bridge replaces"
                + " one, whose close comes late)" : "")
            + (run.abrupt() ? "; one in ten drops the TCP connection without a close frame" : "")
            + (run.silentClients() > 0 ? "; " + run.silentClients() + " more clients stop answering pings" : "")
            + ". Then every session's state and history in the store are checked against what the clients saw.")
        .checks(run.checks())
        .table(List.of("figure", "value"), figures(run));
    List<double[]> points = run.timeline().stream().map(p -> new double[] {p.atSeconds(), p.cyclesPerSec()})
        .toList();
    List<Charts.Marker> markers = run.bridgeKillsAtSeconds().stream()
        .map(t -> new Charts.Marker(t, "bridge killed with -9 and restarted")).toList();
    page.chart(Charts.timeline(Map.of("cycles/s", points), markers, "cycles/s"),
        "Connect/hello/close cycles per second over the storm, all clients together"
            + (markers.isEmpty() ? "." : "; red lines: the bridge killed with -9 and restarted."));
    if (run.visibilityMicros().length > 0) {
      page.chart(Charts.latencyHistogram(Map.of("hello → another process sees it", run.visibilityMicros())),
          "How long after its hello another process (awaiting the store) saw a connection, "
              + run.visibilityLatencyMs().count() + " probes: share of probes per latency bucket.");
    }
    if (!run.violations().isEmpty()) {
      page.heading("Violations").list(run.violations());
    }
    return page;
  }

  /** The figures as rows of (name, value with unit), for the page and the command's summary. */
  static List<List<String>> figures(ConnectionsRun run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("cycles completed", HtmlPage.fmt(run.cycles()) + " of " + run.clients() * (long) run.cyclesPerClient()
        + " (" + run.clients() + " clients × " + run.cyclesPerClient() + ")"));
    rows.add(row("cycles per second", HtmlPage.fmt(Math.round(run.cyclesPerSec())) + " /s over "
        + HtmlPage.fmt(run.seconds()) + " s (second half, JVMs warm: " + HtmlPage.fmt(Math.round(
        run.steadyCyclesPerSec())) + " /s)"));
    rows.add(row("races (replacements)", HtmlPage.fmt(run.replacements())));
    rows.add(row("abrupt drops (no close frame)", HtmlPage.fmt(run.abruptDrops())));
    rows.add(row("silent clients dropped with heartbeat_timeout", run.silentClientsTimedOut() + " of "
        + run.silentClients()));
    if (run.bridgeKills() > 0) {
      rows.add(row("bridge killed with -9 and restarted", HtmlPage.fmt(run.bridgeKills())));
      rows.add(row("cycles cut short by a kill (retried)", HtmlPage.fmt(run.cyclesCutByKill())));
    }
    rows.add(row("state mismatches", HtmlPage.fmt(run.stateMismatches())));
    rows.add(row("late-close flips", HtmlPage.fmt(run.lateCloseFlips())));
    rows.add(row("incomplete histories", HtmlPage.fmt(run.incompleteHistories())));
    rows.add(row("client failures", HtmlPage.fmt(run.clientFailures())));
    rows.add(row("bridge CPU time per cycle", HtmlPage.fmt(run.bridgeCpuMsPerCycle()) + " ms"));
    rows.add(row("clients' CPU time per cycle", HtmlPage.fmt(run.clientCpuMsPerCycle()) + " ms"));
    if (run.visibilityLatencyMs().count() > 0) {
      rows.add(row("hello -> another process sees it connected (p50 / p99 / max)",
          latency(run.visibilityLatencyMs())));
      rows.add(row("welcome -> another process sees it connected (p50 / p99 / max)",
          latency(run.welcomeToVisibleMs())));
    }
    if (run.roundTripLatencyMs().count() > 0) {
      rows.add(row("command round trip (p50 / p99 / max)", latency(run.roundTripLatencyMs())));
    }
    ConnectionsRun.Idle idle = run.idle();
    if (idle != null) {
      rows.add(row("idle connections held", idle.held() + " of " + idle.connections()));
      rows.add(row("bridge resident memory: before / holding them", HtmlPage.fmt(idle.rssBeforeMiB()) + " / "
          + HtmlPage.fmt(idle.rssHoldingMiB()) + " MiB (" + HtmlPage.fmt(idle.rssKiBPerConnection())
          + " KiB per connection)"));
      if (idle.liveHeapBeforeMiB() >= 0) {
        rows.add(row("bridge live heap: before / holding them", HtmlPage.fmt(idle.liveHeapBeforeMiB()) + " / "
            + HtmlPage.fmt(idle.liveHeapHoldingMiB()) + " MiB (" + HtmlPage.fmt(idle.liveHeapKiBPerConnection())
            + " KiB per connection)"));
      }
    }
    rows.add(row("machine", run.machine()));
    return rows;
  }

  private static List<String> row(String name, String value) {
    return List.of(name, value);
  }

  private static String latency(Latency l) {
    return HtmlPage.fmt(l.p50()) + " / " + HtmlPage.fmt(l.p99()) + " / " + HtmlPage.fmt(l.max()) + " ms ("
        + l.count() + ")";
  }
}
