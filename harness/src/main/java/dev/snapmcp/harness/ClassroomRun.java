package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@code classroom --json FILE} writes: the run's size, the figures, the checks. Latencies are of the calls
 * answered {@code ok}; a call is same-node when the node whose server answered it held the tab when it started, and
 * cross-node when another node held it (the command then travelled through PostgreSQL).
 */
record ClassroomRun(
    @JsonProperty("tabs") int tabs,
    @JsonProperty("assistants") int assistants,
    @JsonProperty("nodes") int nodes,
    @JsonProperty("front") String front,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("thinkTimeMs") long thinkTimeMs,
    @JsonProperty("calls") long calls,
    @JsonProperty("callsOk") long callsOk,
    @JsonProperty("callsPerSec") double callsPerSec,
    @JsonProperty("failuresByCode") Map<String, Long> failuresByCode,
    @JsonProperty("sameNodeLatencyMs") Latency sameNodeLatencyMs,
    @JsonProperty("crossNodeLatencyMs") Latency crossNodeLatencyMs,
    @JsonProperty("noHolderCalls") long noHolderCalls,
    @JsonProperty("killedNode") int killedNode,
    @JsonProperty("killAtSeconds") double killAtSeconds,
    @JsonProperty("restartSeconds") double restartSeconds,
    @JsonProperty("tabsMovedByKill") long tabsMovedByKill,
    @JsonProperty("reconnectAfterKillMs") Latency reconnectAfterKillMs,
    @JsonProperty("reconnectBoundMs") long reconnectBoundMs,
    @JsonProperty("commandsExecuted") long commandsExecuted,
    @JsonProperty("commandsDeliveredAgain") long commandsDeliveredAgain,
    @JsonProperty("nodeMemory") List<NodeMemory> nodeMemory,
    @JsonProperty("frontConnectionsPerNode") List<Long> frontConnectionsPerNode,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("checks") List<Check> checks,
    @JsonProperty("violations") List<String> violations,
    @JsonProperty("machine") String machine) {

  /** One node's resident memory (MiB, from /proc) at the end of the run: its bridge and its MCP server. */
  record NodeMemory(
      @JsonProperty("node") int node,
      @JsonProperty("bridgeRssMib") double bridgeRssMib,
      @JsonProperty("serveRssMib") double serveRssMib) {}
}
