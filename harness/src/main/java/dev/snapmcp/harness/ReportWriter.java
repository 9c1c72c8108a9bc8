package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link Report} into a folder as {@code report.json} (for machines) and {@code report.html} (for people:
 * one self-contained page, no scripts or external resources, with an inline SVG chart of the timeline).
 */
final class ReportWriter {

  static final String JSON_FILE = "report.json";
  static final String HTML_FILE = "report.html";

  private ReportWriter() {}

  static void write(Report report, Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve(JSON_FILE), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    Files.writeString(folder.resolve(HTML_FILE), html(report), StandardCharsets.UTF_8);
  }

  static String html(Report r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>snap-mcp stress: ")
        .append(esc(r.scenario())).append("</title>\n<style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:60em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}")
        .append(".pass{color:#060}.fail{color:#b00}.miss{background:#fee}.met{background:#efe}")
        .append("</style></head><body>\n");
    h.append("<h1>snap-mcp stress: ").append(esc(r.scenario())).append(" — <span class=\"")
        .append(r.passed() ? "pass\">PASSED" : "fail\">FAILED").append("</span></h1>\n");
    h.append("<p>Started ").append(r.startedAt()).append(", ")
        .append(fmt(r.durationSeconds())).append(" s, on ").append(esc(r.machine())).append(".</p>\n");
    h.append("<h2>Figures</h2>\n<table><tr><th>figure</th><th>value</th><th>unit</th><th>target</th></tr>\n");
    for (Report.Figure f : r.figures()) {
      String cls = f.met() == null ? "" : f.met() ? " class=\"met\"" : " class=\"miss\"";
      h.append("<tr").append(cls).append("><td>").append(esc(f.name())).append("</td><td>").append(fmt(f.value()))
          .append("</td><td>").append(esc(f.unit())).append("</td><td>")
          .append(f.target() == null ? "" : esc(f.target()) + (f.met() ? " ✓" : " ✗")).append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Invariant violations (").append(r.violations().size()).append(")</h2>\n");
    if (r.violations().isEmpty()) {
      h.append("<p class=\"pass\">None.</p>\n");
    } else {
      h.append("<ol class=\"fail\">\n");
      r.violations().forEach(v -> h.append("<li>").append(esc(v)).append("</li>\n"));
      h.append("</ol>\n");
    }
    h.append("<h2>Throughput over time</h2>\n").append(chart(r)).append('\n');
    h.append("<h2>Settings</h2>\n<table>\n");
    r.settings().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> h.append("<tr><td>")
        .append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n"));
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /** A bar per sample; red ticks mark samples with a note (e.g. a worker killed). */
  private static String chart(Report r) {
    if (r.timeline().isEmpty()) {
      return "<p>No samples.</p>";
    }
    int width = 720;
    int height = 200;
    double max = r.timeline().stream().mapToDouble(Report.Sample::perSecond).max().orElse(1);
    max = max <= 0 ? 1 : max;
    double bar = (double) width / r.timeline().size();
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width + 60).append("\" height=\"")
        .append(height + 30).append("\" role=\"img\" aria-label=\"operations per second over time\">");
    s.append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(fmt(max)).append("/s</text>");
    for (int i = 0; i < r.timeline().size(); i++) {
      Report.Sample sample = r.timeline().get(i);
      double h = sample.perSecond() / max * height;
      double x = 50 + i * bar;
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7\"><title>%s s: %s/s%s</title></rect>",
          x, height - h + 15, Math.max(1, bar - 1), h, fmt(sample.atSeconds()), fmt(sample.perSecond()),
          sample.note() == null ? "" : " (" + esc(sample.note()) + ")"));
      if (sample.note() != null) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"15\" width=\"2\" height=\"%d\" fill=\"#c33\"/>",
            x, height));
      }
    }
    s.append("<text x=\"50\" y=\"").append(height + 28).append("\" font-size=\"11\">0 s</text>");
    s.append("<text x=\"").append(width).append("\" y=\"").append(height + 28).append("\" font-size=\"11\">")
        .append(fmt(r.timeline().get(r.timeline().size() - 1).atSeconds())).append(" s</text></svg>");
    s.append("<p>Bars: operations per second in each status interval. Red ticks: ")
        .append("intervals with an event (e.g. a worker killed with -9).</p>");
    return s.toString();
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
