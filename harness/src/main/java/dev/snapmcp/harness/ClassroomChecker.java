package dev.snapmcp.harness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classroom's checks over what the simulated tabs and assistants recorded and what the store says at the end.
 * Pure: {@code ClassroomCheckerTest} feeds it a deliberately double-executed id, an unclear failure and a lost
 * connection update, and it must fail on each.
 */
final class ClassroomChecker {

  /** The codes a failed call may carry and still count as answered clearly: everything but {@code no_code}. */
  static final String NO_CODE = "no_code";

  /** What one tab recorded, and what the store says of its session at the end (null when the session is gone). */
  record Tab(String session, List<String> executed, List<SimulatedTab.Welcome> welcomes,
      List<SimulatedTab.Drop> drops, boolean connectedAtEnd, String storeConnection, boolean storeConnected) {}

  /** The run's checks and the violations behind any failure (at most 50). */
  record Verdict(List<Check> checks, List<String> violations, List<Long> reconnectMicros) {}

  private ClassroomChecker() {}

  /**
   * @param calls every assistant's calls, by session
   * @param killNanos when the node was killed (nanoTime), or -1 when none was
   * @param reconnectBoundMillis how long a tab whose node was killed may take to be welcomed again
   */
  static Verdict check(List<Tab> tabs, Map<String, List<SimulatedAssistant.Call>> calls, long killNanos,
      long reconnectBoundMillis) {
    List<String> violations = new ArrayList<>();
    long lostUpdates = 0;
    long doubles = 0;
    long unexplained = 0;
    long notBack = 0;
    List<Long> reconnect = new ArrayList<>();
    for (Tab tab : tabs) {
      List<SimulatedTab.Welcome> w = tab.welcomes();
      String last = w.isEmpty() ? null : w.get(w.size() - 1).connection();
      if (last == null || !tab.storeConnected() || !last.equals(tab.storeConnection())) {
        lostUpdates++;
        add(violations, "session " + tab.session() + ": its last acknowledged connection " + last
            + " is not what the store keeps (connected " + tab.storeConnected() + ", " + tab.storeConnection() + ")");
      }
      Set<String> seen = new HashSet<>();
      for (String id : tab.executed()) {
        if (!seen.add(id)) {
          doubles++;
          add(violations, "session " + tab.session() + ": command " + id + " executed twice");
        }
      }
      List<SimulatedAssistant.Call> own = calls.getOrDefault(tab.session(), List.of());
      long ok = own.stream().filter(SimulatedAssistant.Call::ok).count();
      if (seen.size() > own.size() || ok > seen.size()) {
        unexplained++;
        add(violations, "session " + tab.session() + ": " + own.size() + " calls, " + ok + " answered ok, but "
            + seen.size() + " commands executed by the tab");
      }
      if (!tab.connectedAtEnd()) {
        notBack++;
        add(violations, "session " + tab.session() + ": the tab is not connected at the end");
      }
      if (killNanos >= 0) {
        SimulatedTab.Drop drop = tab.drops().stream().filter(d -> d.atNanos() >= killNanos).findFirst().orElse(null);
        if (drop != null) {
          SimulatedTab.Welcome back = w.stream().filter(x -> x.atNanos() > drop.atNanos()).findFirst().orElse(null);
          if (back == null) {
            notBack++;
            add(violations, "session " + tab.session() + ": never welcomed again after the kill");
          } else {
            long micros = (back.atNanos() - killNanos) / 1000;
            reconnect.add(micros);
            if (micros > reconnectBoundMillis * 1000) {
              notBack++;
              add(violations, "session " + tab.session() + ": back " + micros / 1000 + " ms after the kill");
            }
          }
        }
      }
    }
    long unclear = 0;
    for (List<SimulatedAssistant.Call> own : calls.values()) {
      for (SimulatedAssistant.Call c : own) {
        if (NO_CODE.equals(c.outcome())) {
          unclear++;
          add(violations, "a call failed without a code");
        }
      }
    }
    long total = calls.values().stream().mapToLong(List::size).sum();
    List<Check> checks = List.of(
        Check.none("every acknowledged session update kept (each tab's last welcomed connection is the store's)",
            lostUpdates, "sessions whose last connection update is not in the store"),
        Check.none("every tool call answered once, or failed with a clear code", unclear + unexplained,
            "calls unexplained (" + unclear + " failed without a code, " + unexplained
                + " sessions whose executions do not match their calls)"),
        Check.none("no command id executed twice by any tab", doubles, "ids executed twice"),
        Check.none("every tab back within " + reconnectBoundMillis + " ms of the kill and connected at the end",
            notBack, "tabs not back in time"),
        new Check("the assistants' calls were answered", total > 0
            && calls.values().stream().flatMap(List::stream).anyMatch(SimulatedAssistant.Call::ok),
            total + " calls"));
    return new Verdict(checks, violations, reconnect);
  }

  private static void add(List<String> violations, String v) {
    if (violations.size() < 50) {
      violations.add(v);
    }
  }
}
