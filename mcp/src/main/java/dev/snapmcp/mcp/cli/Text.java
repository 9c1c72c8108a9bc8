package dev.snapmcp.mcp.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Plain-text rendering shared by the commands. */
final class Text {

  private Text() {}

  static String instant(Instant t) {
    return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** "in 29m", "3s ago". */
  static String relative(Instant t, Instant now) {
    if (t == null) {
      return "-";
    }
    Duration d = Duration.between(now, t).truncatedTo(ChronoUnit.SECONDS);
    if (d.abs().compareTo(Duration.ofMinutes(1)) >= 0) {
      d = d.truncatedTo(ChronoUnit.MINUTES); // "in 29m", not "in 29m58s"
    }
    return d.isNegative() ? DurationConverter.format(d.negated()) + " ago" : "in " + DurationConverter.format(d);
  }

  static void sessionTable(PrintWriter out, List<SessionView> sessions, Instant now) {
    if (sessions.isEmpty()) {
      out.println("No sessions. Create one with 'snap-mcp session new'.");
      return;
    }
    String format = "%-22s %-14s %-32s %s%n";
    out.printf(format, "ID", "STATE", "EXPIRES", "LAST SEEN");
    for (SessionView s : sessions) {
      out.printf(format, s.id(), s.state(), instant(s.expiresAt()) + (s.expired() || s.expiresAt() == null ? ""
          : " (" + relative(s.expiresAt(), now) + ")"), relative(s.lastSeenAt(), now));
      if (s.note() != null) {
        out.println("  " + s.note());
      }
    }
  }
}
