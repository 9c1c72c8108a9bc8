package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one run of {@link ConnectionsScenario} found: the {@code connections} command's {@code --json} file (the names
 * are a contract QA's scripts rely on) and what {@link ConnectionsPages#addSections} draws.
 *
 * @param clients storm clients, one session each
 * @param cyclesPerClient connect/hello/close cycles each client was asked for
 * @param cycles cycles completed, all clients together ({@code clients × cyclesPerClient} when nothing failed)
 * @param seconds how long the storm took
 * @param cyclesPerSec {@code cycles / seconds}
 * @param steadyCyclesPerSec the rate over the storm's second half, once both JVMs are warm (the first seconds run
 *     interpreted code)
 * @param replacements race cycles: two sockets said hello for one session at once, the bridge replaced one
 * @param abruptDrops cycles that dropped the TCP connection without a close frame
 * @param silentClients clients that stopped answering pings
 * @param silentClientsTimedOut of those, how many the bridge dropped with {@code heartbeat_timeout}
 * @param bridgeKills how often the bridge was killed with -9 and restarted ({@code --kill-bridge-every})
 * @param cyclesCutByKill cycles a kill interrupted (retried, not counted in {@code cycles})
 * @param stateMismatches sessions whose state in the store did not match their last event or the live sockets
 * @param lateCloseFlips late closes that marked a newer connection disconnected (seen during the storm or at the end)
 * @param incompleteHistories sessions whose history had a connection never ended or a connect without replaced
 * @param clientFailures clients or cycles that failed (no welcome, a socket the bridge closed unexpectedly, ...)
 * @param visibilityLatencyMs hello sent -> another process (a StoreWatcherMain process, awaiting the store)
 *     sees the session connected: the bridge's checks, its commit and the other process noticing; {@code count} 0
 *     when probes were skipped
 * @param welcomeToVisibleMs the same from the welcome received (the earlier {@code bridge} command's figure): the
 *     bridge commits before it welcomes, so 0 whenever the other process saw it first
 * @param roundTripLatencyMs command through the control API to a connected client and back; count 0 when skipped
 * @param idle idle connections held and the bridge's memory; null when skipped
 * @param bridgeCpuMsPerCycle the bridge process's CPU time per storm cycle
 * @param clientCpuMsPerCycle this process's (the clients') CPU time per storm cycle
 * @param timeline cycles per second over the storm
 * @param bridgeKillsAtSeconds when the kills happened, seconds into the storm
 * @param checks each check and its outcome; {@code passed} is true when all passed
 * @param violations what failed, in words (the first {@value ConnectionsScenario#VIOLATIONS_KEPT})
 * @param machine cores, Java, OS, and the load average at the end
 * @param visibilityMicros every visibility measurement in microseconds, for the histogram (not in the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ConnectionsRun(
    @JsonProperty("passed") boolean passed,
    @JsonProperty("clients") int clients,
    @JsonProperty("cyclesPerClient") int cyclesPerClient,
    @JsonProperty("cycles") long cycles,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("cyclesPerSec") double cyclesPerSec,
    @JsonProperty("steadyCyclesPerSec") double steadyCyclesPerSec,
    @JsonProperty("replaceStorms") boolean replaceStorms,
    @JsonProperty("abrupt") boolean abrupt,
    @JsonProperty("replacements") long replacements,
    @JsonProperty("abruptDrops") long abruptDrops,
    @JsonProperty("silentClients") int silentClients,
    @JsonProperty("silentClientsTimedOut") int silentClientsTimedOut,
    @JsonProperty("bridgeKills") int bridgeKills,
    @JsonProperty("cyclesCutByKill") long cyclesCutByKill,
    @JsonProperty("stateMismatches") long stateMismatches,
    @JsonProperty("lateCloseFlips") long lateCloseFlips,
    @JsonProperty("incompleteHistories") long incompleteHistories,
    @JsonProperty("clientFailures") long clientFailures,
    @JsonProperty("visibilityLatencyMs") Latency visibilityLatencyMs,
    @JsonProperty("welcomeToVisibleMs") Latency welcomeToVisibleMs,
    @JsonProperty("roundTripLatencyMs") Latency roundTripLatencyMs,
    @JsonProperty("idle") Idle idle,
    @JsonProperty("bridgeCpuMsPerCycle") double bridgeCpuMsPerCycle,
    @JsonProperty("clientCpuMsPerCycle") double clientCpuMsPerCycle,
    @JsonProperty("seed") long seed,
    @JsonProperty("timeline") List<Point> timeline,
    @JsonProperty("bridgeKillsAtSeconds") List<Double> bridgeKillsAtSeconds,
    @JsonProperty("checks") List<Check> checks,
    @JsonProperty("violations") List<String> violations,
    @JsonProperty("machine") String machine,
    @JsonIgnore long[] visibilityMicros) {

  ConnectionsRun {
    timeline = List.copyOf(timeline);
    bridgeKillsAtSeconds = List.copyOf(bridgeKillsAtSeconds);
    checks = List.copyOf(checks);
    violations = List.copyOf(violations);
    visibilityMicros = visibilityMicros.clone();
  }

  @Override
  @JsonIgnore
  public long[] visibilityMicros() {
    return visibilityMicros.clone();
  }

  /** Cycles per second over the half second ending {@code atSeconds} into the storm. */
  record Point(@JsonProperty("atSeconds") double atSeconds, @JsonProperty("cyclesPerSec") double cyclesPerSec) {}

  /**
   * Idle connections opened and held (the bridge pings them), and the bridge's memory before and while holding them.
   *
   * @param liveHeapBeforeMiB live heap after a full GC ({@code jcmd}); -1 where jcmd is not available
   */
  record Idle(
      @JsonProperty("connections") int connections,
      @JsonProperty("held") long held,
      @JsonProperty("bridgeCountsConnections") long bridgeCountsConnections,
      @JsonProperty("rssBeforeMiB") double rssBeforeMiB,
      @JsonProperty("rssHoldingMiB") double rssHoldingMiB,
      @JsonProperty("rssKiBPerConnection") double rssKiBPerConnection,
      @JsonProperty("liveHeapBeforeMiB") double liveHeapBeforeMiB,
      @JsonProperty("liveHeapHoldingMiB") double liveHeapHoldingMiB,
      @JsonProperty("liveHeapKiBPerConnection") double liveHeapKiBPerConnection) {}
}
