package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Latency percentiles in milliseconds, as the JSON reports carry them ({@code latencyMs}, {@code
 * visibilityLatencyMs}): nearest-rank over every measurement, no sampling.
 */
record Latency(
    @JsonProperty("p50") double p50,
    @JsonProperty("p99") double p99,
    @JsonProperty("max") double max,
    @JsonProperty("count") long count) {

  /** From measurements in microseconds. */
  static Latency ofMicros(long[] micros) {
    Percentiles p = new Percentiles(micros);
    return new Latency(p.at(50) / 1000.0, p.at(99) / 1000.0, p.at(100) / 1000.0, p.count());
  }
}
