package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one store run found, as {@code store --json FILE} writes it. The first fields are the names QA's scripts read
 * ({@code store}, {@code processes}, {@code updatesPerProcess}, {@code acknowledged}, {@code applied},
 * {@code lostUpdates}, {@code duplicateUpdates}, {@code tornReads}, {@code opsPerSec}, {@code latencyMs},
 * {@code crashes}); the rest explain them.
 *
 * @param acknowledged updates a worker acknowledged (the call returned, so the store promised durability)
 * @param applied updates the final store counts (acknowledged ones plus any that landed just before a kill)
 * @param opsPerSec acknowledged updates per second, from the start signal to the last worker's end
 * @param latencyMs one update call, as the worker timed it (lock wait included)
 * @param crashes workers killed with SIGKILL (and restarted)
 * @param readerReads whole-store reads the reader process made while the workers wrote
 * @param failedCalls update calls that threw (reported to the caller, not acknowledged)
 * @param strayFiles files left in the state folder after the run that should not be there
 * @param databaseRestarts for PostgreSQL: when the harness restarted the server, and how long it was down
 * @param database for PostgreSQL: the URL of the run's schema (without a password)
 * @param latencyMicros every update's latency, for the report's histogram (not in the JSON)
 */
record StoreRun(
    @JsonProperty("store") String store,
    @JsonProperty("processes") int processes,
    @JsonProperty("updatesPerProcess") int updatesPerProcess,
    @JsonProperty("acknowledged") long acknowledged,
    @JsonProperty("applied") long applied,
    @JsonProperty("lostUpdates") long lostUpdates,
    @JsonProperty("duplicateUpdates") long duplicateUpdates,
    @JsonProperty("tornReads") long tornReads,
    @JsonProperty("opsPerSec") double opsPerSec,
    @JsonProperty("latencyMs") Latency latencyMs,
    @JsonProperty("crashes") int crashes,
    @JsonProperty("hotSessions") int hotSessions,
    @JsonProperty("crashEverySeconds") double crashEverySeconds,
    @JsonProperty("thinkTimeMs") double thinkTimeMs,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("readerReads") long readerReads,
    @JsonProperty("failedCalls") long failedCalls,
    @JsonProperty("outOfOrder") long outOfOrder,
    @JsonProperty("strayFiles") List<String> strayFiles,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("checks") List<Check> checks,
    @JsonProperty("violations") List<String> violations,
    @JsonProperty("timeline") List<RatePoint> timeline,
    @JsonProperty("crashLog") List<Crash> crashLog,
    @JsonProperty("databaseRestarts") List<DatabaseRestart> databaseRestarts,
    @JsonProperty("stateDir") String stateDir,
    @JsonProperty("database") String database,
    @JsonIgnore long[] latencyMicros) {

  StoreRun {
    strayFiles = List.copyOf(strayFiles);
    checks = List.copyOf(checks);
    violations = List.copyOf(violations);
    timeline = List.copyOf(timeline);
    crashLog = List.copyOf(crashLog);
    databaseRestarts = List.copyOf(databaseRestarts);
  }

  /** Whether the checker caught this run: what a naive run must show (lost updates AND torn reads). */
  @JsonIgnore
  boolean caught() {
    return lostUpdates > 0 && tornReads > 0;
  }

  /** Acknowledged updates per second over the interval ending {@code atSeconds} after the start signal. */
  record RatePoint(@JsonProperty("atSeconds") double atSeconds, @JsonProperty("perSecond") double perSecond) {}

  /** The database server restarted {@code atSeconds} after the start, down for {@code downSeconds}. */
  record DatabaseRestart(@JsonProperty("atSeconds") double atSeconds,
      @JsonProperty("downSeconds") double downSeconds) {}

  /**
   * A worker process killed with SIGKILL {@code atSeconds} after the start: it had made updates {@code firstUpdate}
   * to {@code lastAttempted} of its worker ({@code acknowledgedBefore} acknowledged); its successor starts at {@code
   * restartAt} (0: none, the worker had no updates left).
   */
  record Crash(
      @JsonProperty("atSeconds") double atSeconds,
      @JsonProperty("worker") int worker,
      @JsonProperty("process") String process,
      @JsonProperty("acknowledgedBefore") long acknowledgedBefore,
      @JsonProperty("firstUpdate") long firstUpdate,
      @JsonProperty("lastAttempted") long lastAttempted,
      @JsonProperty("restartAt") long restartAt) {}
}
