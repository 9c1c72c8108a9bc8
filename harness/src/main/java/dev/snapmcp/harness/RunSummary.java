package dev.snapmcp.harness;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The text a scenario command prints at its end: its figures, its checks, the first violations, the verdict. */
final class RunSummary {

  private RunSummary() {}

  /**
   * Prints under {@code title}: each figure (name padded to {@code width}), each check, up to 10 violations, PASSED or
   * FAILED with the count, and where the JSON and (if any) the HTML page went.
   */
  static void print(PrintWriter out, String title, int width, List<List<String>> figures, List<Check> checks,
      List<String> violations, boolean passed, Path json, Path html) {
    out.println(title + ":");
    for (List<String> row : figures) {
      out.printf(Locale.ROOT, "  %-" + width + "s %s%n", row.get(0), row.get(1));
    }
    for (Check c : checks) {
      out.printf(Locale.ROOT, "  %s %s: %s%n", c.passed() ? "ok  " : "FAIL", c.name(), c.detail());
    }
    violations.stream().limit(10).forEach(v -> out.println("  VIOLATION " + v));
    long failed = checks.stream().filter(c -> !c.passed()).count();
    out.println(passed ? "PASSED" : "FAILED: " + failed + " of " + checks.size() + " checks failed");
    out.println("json: " + json.toAbsolutePath());
    if (html != null) {
      out.println("html: " + html.toAbsolutePath());
    }
    out.flush();
  }
}
