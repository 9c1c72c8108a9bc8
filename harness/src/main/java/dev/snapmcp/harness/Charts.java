package dev.snapmcp.harness;

import static dev.snapmcp.harness.HtmlPage.esc;
import static dev.snapmcp.harness.HtmlPage.fmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Inline SVG charts for {@link HtmlPage}: plain shapes with a title on each, so hovering shows the number. */
final class Charts {

  private static final String[] COLOURS = {"#2a7ab9", "#e08a1e", "#b33", "#4a7", "#7a4ab9"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 220;
  private static final int LEFT = 60;
  private static final int TOP = 20;

  private Charts() {}

  /** A point on a timeline with a label, e.g. a worker killed with -9 at 2.4 s. */
  record Marker(double atSeconds, String label) {}

  /**
   * Bars side by side: for each category (e.g. "4 processes") one bar per series (e.g. "file", "sqlite"), with a
   * legend. Missing values are left out.
   */
  static String groupedBars(List<String> categories, Map<String, List<Double>> series, String unit) {
    double max = series.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(1);
    max = max <= 0 ? 1 : max;
    double group = (double) (WIDTH - LEFT) / Math.max(1, categories.size());
    double bar = group * 0.8 / Math.max(1, series.size());
    StringBuilder s = open("bars: " + unit);
    axis(s, max, unit);
    int k = 0;
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      for (int i = 0; i < categories.size() && i < e.getValue().size(); i++) {
        Double v = e.getValue().get(i);
        if (v == null) {
          continue;
        }
        double h = v / max * HEIGHT;
        double x = LEFT + i * group + group * 0.1 + k * bar;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s, %s: %s %s</title></rect>", x, TOP + HEIGHT - h, bar - 2, h, colour(k), esc(e.getKey()),
            esc(categories.get(i)), fmt(v), esc(unit)));
      }
      k++;
    }
    for (int i = 0; i < categories.size(); i++) {
      s.append(text(LEFT + i * group + group / 2, TOP + HEIGHT + 14, categories.get(i), "middle"));
    }
    legend(s, new ArrayList<>(series.keySet()));
    return s.append("</svg>").toString();
  }

  /**
   * A latency histogram on a log scale: buckets doubling from 0.125 ms, one bar series per name (e.g. one per store),
   * the share of each series' operations in each bucket.
   */
  static String latencyHistogram(Map<String, long[]> microsByName) {
    int buckets = 18; // 0.125 ms ... 16 s
    List<String> labels = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      double upperMs = 0.125 * Math.pow(2, b);
      labels.add(b == buckets - 1 ? "more" : upperMs < 1 ? fmt(upperMs) : fmt(Math.round(upperMs)));
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : microsByName.entrySet()) {
      double[] counts = new double[buckets];
      for (long micros : e.getValue()) {
        int b = 0;
        while (b < buckets - 1 && micros > 125 * Math.pow(2, b)) {
          b++;
        }
        counts[b]++;
      }
      List<Double> shares = new ArrayList<>();
      for (double c : counts) {
        shares.add(e.getValue().length == 0 ? 0 : 100.0 * c / e.getValue().length);
      }
      series.put(e.getKey(), shares);
    }
    return groupedBars(labels, series, "% of operations in each latency bucket (up to N ms)");
  }

  /** Operations per second over time as a line per series, with red markers (e.g. kills) labelled on hover. */
  static String timeline(Map<String, List<double[]>> seriesOfTimeAndRate, List<Marker> markers, String unit) {
    double maxT = 0;
    double max = 1;
    for (List<double[]> points : seriesOfTimeAndRate.values()) {
      for (double[] p : points) {
        maxT = Math.max(maxT, p[0]);
        max = Math.max(max, p[1]);
      }
    }
    for (Marker m : markers) {
      maxT = Math.max(maxT, m.atSeconds());
    }
    maxT = maxT <= 0 ? 1 : maxT;
    StringBuilder s = open("timeline: " + unit);
    axis(s, max, unit);
    for (Marker m : markers) {
      double x = LEFT + m.atSeconds() / maxT * (WIDTH - LEFT);
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"2\" height=\"%d\" fill=\"#c33\">"
          + "<title>%s s: %s</title></rect>", x - 1, TOP, HEIGHT, fmt(m.atSeconds()), esc(m.label())));
    }
    int k = 0;
    for (Map.Entry<String, List<double[]>> e : seriesOfTimeAndRate.entrySet()) {
      StringBuilder points = new StringBuilder();
      for (double[] p : e.getValue()) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + p[0] / maxT * (WIDTH - LEFT),
            TOP + HEIGHT - p[1] / max * HEIGHT));
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour(k++)).append("\" points=\"")
          .append(points.toString().trim()).append("\"><title>").append(esc(e.getKey())).append("</title></polyline>");
    }
    s.append(text(LEFT, TOP + HEIGHT + 14, "0 s", "start"));
    s.append(text(WIDTH, TOP + HEIGHT + 14, fmt(Math.round(maxT * 10) / 10.0) + " s", "end"));
    legend(s, new ArrayList<>(seriesOfTimeAndRate.keySet()));
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(String label) {
    return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (WIDTH + 20) + "\" height=\""
        + (HEIGHT + TOP + 40) + "\" role=\"img\" aria-label=\"" + esc(label) + "\">");
  }

  private static void axis(StringBuilder s, double max, String unit) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", LEFT,
        TOP + HEIGHT, WIDTH, TOP + HEIGHT));
    s.append(text(LEFT - 4, TOP + 4, fmt(Math.round(max * 100) / 100.0), "end"));
    s.append(text(LEFT - 4, TOP + HEIGHT, "0", "end"));
    s.append(text(LEFT, TOP - 6, unit, "start"));
  }

  private static void legend(StringBuilder s, List<String> names) {
    double x = LEFT;
    for (int k = 0; k < names.size(); k++) {
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x,
          TOP + HEIGHT + 24, colour(k)));
      s.append(text(x + 14, TOP + HEIGHT + 33, names.get(k), "start"));
      x += 24 + 7 * names.get(k).length();
    }
  }

  private static String text(double x, double y, String t, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\">%s</text>", x,
        y, anchor, esc(t));
  }

  private static String colour(int k) {
    return COLOURS[k % COLOURS.length];
  }
}
