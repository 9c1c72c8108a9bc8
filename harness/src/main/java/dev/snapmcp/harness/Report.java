package dev.snapmcp.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a scenario run found: its verdict, figures (each with its target, if it has one), every invariant violation,
 * and a timeline of throughput samples. Written as {@code report.json} and {@code report.html} by {@link ReportWriter}.
 *
 * @param passed true when no invariant was violated (figures that miss a target do not fail a run: the machine may be
 *     busy; they are marked in the report)
 */
record Report(
    @JsonProperty("scenario") String scenario,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("durationSeconds") double durationSeconds,
    @JsonProperty("settings") Map<String, Object> settings,
    @JsonProperty("figures") List<Figure> figures,
    @JsonProperty("violations") List<String> violations,
    @JsonProperty("timeline") List<Sample> timeline,
    @JsonProperty("machine") String machine) {

  Report {
    settings = Map.copyOf(settings);
    figures = List.copyOf(figures);
    violations = List.copyOf(violations);
    timeline = List.copyOf(timeline);
  }

  /** The figure called {@code name}. */
  Figure figure(String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no figure " + name + " in " + figures));
  }

  /**
   * One measured figure.
   *
   * @param target e.g. {@code "= 0"}, {@code ">= 1000"}, {@code "< 50"}, or null
   * @param met whether the target was met (null without a target)
   */
  record Figure(
      @JsonProperty("name") String name,
      @JsonProperty("value") double value,
      @JsonProperty("unit") String unit,
      @JsonProperty("target") String target,
      @JsonProperty("met") Boolean met) {

    static Figure of(String name, double value, String unit) {
      return new Figure(name, value, unit, null, null);
    }

    /** A figure with a target such as {@code ">= 1000"}, {@code "<= 5"}, {@code "< 50"} or {@code "= 0"}. */
    static Figure withTarget(String name, double value, String unit, String target) {
      String[] parts = target.trim().split("\\s+", 2);
      double bound = Double.parseDouble(parts[1]);
      boolean met = switch (parts[0]) {
        case ">=" -> value >= bound;
        case ">" -> value > bound;
        case "<=" -> value <= bound;
        case "<" -> value < bound;
        case "=" -> value == bound;
        default -> throw new IllegalArgumentException("bad target " + target);
      };
      return new Figure(name, value, unit, target, met);
    }
  }

  /** Throughput over the interval ending {@code atSeconds} after the start; {@code note} marks e.g. kills. */
  record Sample(
      @JsonProperty("atSeconds") double atSeconds,
      @JsonProperty("perSecond") double perSecond,
      @JsonProperty("note") String note) {}

  static String describeMachine() {
    return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
