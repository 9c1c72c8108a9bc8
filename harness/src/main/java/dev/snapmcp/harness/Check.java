package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One check a run makes and its outcome, e.g. "no acknowledged update lost" / passed / "0 of 1,600 lost".
 *
 * @param detail what was found, in words (counts, the first violation)
 */
record Check(
    @JsonProperty("name") String name,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("detail") String detail) {

  /** A check that passes when {@code count} is zero. */
  static Check none(String name, long count, String what) {
    return new Check(name, count == 0, count == 0 ? "none" : count + " " + what);
  }
}
