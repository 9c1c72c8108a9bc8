package dev.snapmcp.mcp.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The teacher's log as ONE self-contained HTML page (no script, no outside link: styles inline, pictures as data
 * URLs) to read after class: a summary, a timeline, then each call with its arguments, what changed as text code
 * (before, after), the error if any, and its pictures. Everything that came from the log is escaped.
 */
final class LogPage {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy");

  private LogPage() {}

  static String html(List<JsonNode> records, ZoneId zone, String title) {
    StringBuilder out = new StringBuilder(8192);
    out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
        .append("style-src 'unsafe-inline'\"><title>").append(esc(title)).append("</title><style>")
        .append("body{font:15px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222}")
        .append("h1{font-size:22px;margin:0 0 4px}.sub{color:#666;margin-bottom:16px}")
        .append(".sum span{display:inline-block;background:#f1f3f7;border-radius:6px;padding:4px 10px;margin:0 6px 6px 0}")
        .append("ol.tl{list-style:none;padding:0;border-left:3px solid #c9d3e6;margin:16px 0 24px 8px}")
        .append("ol.tl li{margin:0 0 4px;padding-left:12px;position:relative}")
        .append("ol.tl li:before{content:'';position:absolute;left:-8px;top:7px;width:11px;height:11px;border-radius:50%;")
        .append("background:#5b7bd5}ol.tl li.err:before{background:#d64545}ol.tl li.chg:before{background:#e39b1b}")
        .append(".t{color:#666;font-variant-numeric:tabular-nums;margin-right:8px}")
        .append(".call{border:1px solid #dde3ee;border-radius:8px;padding:10px 14px;margin:12px 0}")
        .append(".call.err{border-color:#e7b3b3;background:#fff7f7}.call h3{font-size:16px;margin:0 0 6px}")
        .append(".meta{color:#666;font-size:13px}pre{background:#f6f7f9;border-radius:6px;padding:8px;")
        .append("white-space:pre-wrap;word-break:break-word;margin:6px 0}.cols{display:flex;gap:12px}")
        .append(".cols>div{flex:1;min-width:0}.lbl{font-size:12px;color:#666;text-transform:uppercase}")
        .append(".error{color:#b02a2a;font-weight:600}img{max-width:100%;border:1px solid #ccd;border-radius:4px}")
        .append("</style></head><body>");
    out.append("<h1>").append(esc(title)).append("</h1>");
    if (records.isEmpty()) {
      out.append("<p class=\"sub\">Nothing was recorded for this choice.</p></body></html>\n");
      return out.toString();
    }
    Instant first = instant(records.get(0));
    Instant last = instant(records.get(records.size() - 1));
    out.append("<div class=\"sub\">").append(first == null ? "" : esc(DAY.format(first.atZone(zone))))
        .append(first == null ? "" : ", " + time(first, zone) + " to " + time(last, zone)).append("</div>");
    Map<String, Integer> counts = new LinkedHashMap<>();
    int changes = 0;
    int errors = 0;
    int pictures = 0;
    for (JsonNode r : records) {
      counts.merge(r.path("tool").asString("?"), 1, Integer::sum);
      changes += r.has("after") || r.has("summary") ? 1 : 0;
      errors += r.path("ok").asBoolean(true) ? 0 : 1;
      pictures += r.path("pictures").isArray() ? r.path("pictures").size() : 0;
    }
    out.append("<div class=\"sum\"><span>").append(records.size()).append(" calls</span><span>").append(changes)
        .append(" changes</span><span>").append(errors).append(" errors</span><span>").append(pictures)
        .append(" pictures</span>");
    for (JsonNode r : records) {
      String session = r.path("session").asString(null);
      if (session != null && out.indexOf("session " + esc(session)) < 0) {
        out.append("<span>session ").append(esc(session)).append("</span>");
      }
    }
    out.append("</div><h2>Timeline</h2><ol class=\"tl\">");
    int n = 0;
    for (JsonNode r : records) {
      n++;
      boolean failed = !r.path("ok").asBoolean(true);
      out.append("<li class=\"").append(failed ? "err" : r.has("after") || r.has("summary") ? "chg" : "")
          .append("\"><a href=\"#c").append(n).append("\"><span class=\"t\">").append(time(instant(r), zone))
          .append("</span></a>").append(esc(r.path("tool").asString("?"))).append(" ")
          .append(esc(headline(r))).append("</li>");
    }
    out.append("</ol><h2>Every call</h2>");
    n = 0;
    for (JsonNode r : records) {
      n++;
      call(out, r, n, zone);
    }
    out.append("</body></html>\n");
    return out.toString();
  }

  private static void call(StringBuilder out, JsonNode r, int n, ZoneId zone) {
    boolean failed = !r.path("ok").asBoolean(true);
    out.append("<div class=\"call").append(failed ? " err" : "").append("\" id=\"c").append(n).append("\"><h3>")
        .append(time(instant(r), zone)).append(" · ").append(esc(r.path("tool").asString("?"))).append("</h3>")
        .append("<div class=\"meta\">").append(esc(r.path("client").asString("unknown client"))).append(" · mode ")
        .append(esc(r.path("mode").asString("?"))).append(r.hasNonNull("session") ? " · " + esc(r.path("session")
            .asString()) : "").append("</div>");
    if (failed) {
      out.append("<p class=\"error\">").append(esc(r.at("/error/code").asString(""))).append(": ")
          .append(esc(r.at("/error/message").asString(""))).append("</p>");
    }
    if (r.has("summary")) {
      out.append("<p>").append(esc(r.path("summary").asString())).append("</p>");
    }
    JsonNode args = r.path("arguments");
    if (args.isObject() && !args.isEmpty()) {
      out.append("<div class=\"lbl\">asked</div><pre>");
      args.properties().forEach(e -> out.append(esc(e.getKey())).append(": ")
          .append(esc(e.getValue().isString() ? e.getValue().asString() : e.getValue().toString())).append("\n"));
      out.append("</pre>");
    }
    if (r.has("before") || r.has("after")) {
      out.append("<div class=\"cols\">");
      if (r.has("before")) {
        out.append("<div><div class=\"lbl\">before</div><pre>").append(esc(r.path("before").asString())).append("</pre></div>");
      }
      if (r.has("after")) {
        out.append("<div><div class=\"lbl\">after</div><pre>").append(esc(r.path("after").asString())).append("</pre></div>");
      }
      out.append("</div>");
    }
    for (String member : new String[] {"said", "variables", "errors", "trace"}) {
      JsonNode value = r.get(member);
      if (value != null && !value.isEmpty()) {
        out.append("<div class=\"lbl\">").append(member).append("</div><pre>").append(esc(value.toPrettyString()))
            .append("</pre>");
      }
    }
    JsonNode pictures = r.path("pictures");
    if (pictures.isArray()) {
      for (JsonNode picture : pictures) {
        String data = picture.asString("");
        if (data.matches("[A-Za-z0-9+/=]+")) { // base64 only: nothing else reaches the attribute
          out.append("<p><img alt=\"picture\" src=\"data:image/png;base64,").append(data).append("\"></p>");
        }
      }
    } else if (pictures.isString()) {
      out.append("<p class=\"meta\">").append(esc(pictures.asString())).append("</p>");
    }
    out.append("</div>");
  }

  private static String headline(JsonNode r) {
    if (!r.path("ok").asBoolean(true)) {
      return "— " + r.at("/error/code").asString("error");
    }
    if (r.has("summary")) {
      return "— " + r.path("summary").asString();
    }
    return "";
  }

  private static Instant instant(JsonNode r) {
    try {
      return Instant.parse(r.path("at").asString(""));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String time(Instant at, ZoneId zone) {
    return at == null ? "--:--:--" : TIME.format(at.atZone(zone));
  }

  static String esc(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
