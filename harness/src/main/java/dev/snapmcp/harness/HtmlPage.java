package dev.snapmcp.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page for people (no scripts, no external resources): a verdict, the checks, tables and
 * inline SVG charts from {@link Charts}. Every command's {@code --html FILE} is written with it.
 */
final class HtmlPage {

  private final StringBuilder body = new StringBuilder();
  private final String title;

  HtmlPage(String title) {
    this.title = title;
    body.append("<h1>").append(esc(title)).append("</h1>\n");
  }

  /** The run's verdict in large letters, with one sentence of context. */
  HtmlPage verdict(boolean passed, String summary) {
    body.append("<p class=\"verdict ").append(passed ? "pass\">PASSED" : "fail\">FAILED").append("</p>\n");
    return paragraph(summary);
  }

  HtmlPage heading(String text) {
    body.append("<h2>").append(esc(text)).append("</h2>\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(esc(text)).append("</p>\n");
    return this;
  }

  /** Each check with a green tick or a red cross and what was found. */
  HtmlPage checks(List<Check> checks) {
    body.append("<table><tr><th></th><th>check</th><th>found</th></tr>\n");
    for (Check c : checks) {
      body.append("<tr class=\"").append(c.passed() ? "met" : "miss").append("\"><td>")
          .append(c.passed() ? "✓" : "✗").append("</td><td>").append(esc(c.name())).append("</td><td>")
          .append(esc(c.detail())).append("</td></tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A table; cells are text. */
  HtmlPage table(List<String> header, List<List<String>> rows) {
    body.append("<table><tr>");
    header.forEach(h -> body.append("<th>").append(esc(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      row.forEach(c -> body.append("<td>").append(esc(c)).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A numbered list, e.g. the violations found (capped by the caller). */
  HtmlPage list(List<String> items) {
    body.append("<ol class=\"fail\">\n");
    items.forEach(i -> body.append("<li>").append(esc(i)).append("</li>\n"));
    body.append("</ol>\n");
    return this;
  }

  /** An SVG from {@link Charts}, with a caption saying how to read it. */
  HtmlPage chart(String svg, String caption) {
    body.append("<figure>").append(svg).append("<figcaption>").append(esc(caption))
        .append("</figcaption></figure>\n");
    return this;
  }

  String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n"
        + "<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:64em}"
        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;"
        + "text-align:left}.verdict{font-size:2em;font-weight:bold;margin:.2em 0}.pass{color:#060}.fail{color:#b00}"
        + ".miss{background:#fee}.met{background:#efe}figure{margin:1em 0}figcaption{color:#555;font-size:.9em}"
        + "</style></head><body>\n" + body + "</body></html>\n";
  }

  void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** A number as people read it: whole numbers without decimals, others with two. */
  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
