package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.Durations;
import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.TeachFile;
import dev.snapmcp.core.TeachLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code snap-mcp log}: the teacher's record of every tool call (kept on this machine only, in the state folder's
 * {@code log/}), printed, or written as one HTML page; {@code log purge} deletes it; {@code log retention DAYS} sets
 * how long it is kept (while locked, with the passphrase).
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Show what the assistant did (every tool call, kept on this machine only).",
    subcommands = {LogCommand.Purge.class, LogCommand.Retention.class})
final class LogCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateDirOption state;

  @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
  String session;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only from this time: 2026-12-03T09:00:00Z, a day 2026-12-03, or a time ago: 2h, 3d.")
  String since;

  @Option(names = "--html", paramLabel = "FILE", description = "Write one self-contained HTML page instead.")
  Path html;

  @Option(names = "--json", description = "Print the records as JSON lines (pictures included).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Instant from = since == null ? null : parseSince(since, Clock.systemUTC());
    List<JsonNode> records = TeachLog.read(state.resolve(), from, session);
    PrintWriter out = spec.commandLine().getOut();
    if (html != null) {
      String title = "What the assistant did" + (session == null ? "" : " — " + session);
      StateFiles.writePrivate(html.toAbsolutePath(), LogPage.html(records, ZoneId.systemDefault(), title));
      out.println("Wrote " + html.toAbsolutePath() + " (" + records.size() + " calls). Open it in a browser.");
    } else if (json) {
      records.forEach(r -> out.println(r.toString()));
    } else if (records.isEmpty()) {
      out.println("Nothing recorded" + (from == null ? "" : " since " + from) + ".");
    } else {
      for (JsonNode r : records) {
        out.println(line(r));
      }
    }
    out.flush();
    return 0;
  }

  static String line(JsonNode r) {
    StringBuilder b = new StringBuilder();
    b.append(r.path("at").asString("?")).append("  ").append(r.path("session").asString("-")).append("  ")
        .append(r.path("mode").asString("?")).append("  ").append(r.path("tool").asString("?"));
    if (!r.path("ok").asBoolean(true)) {
      b.append("  ERROR ").append(r.at("/error/code").asString("")).append(": ").append(r.at("/error/message").asString(""));
    } else if (r.has("summary")) {
      b.append("  ").append(r.path("summary").asString());
    }
    if (r.has("after")) {
      b.append("\n    after: ").append(r.path("after").asString());
    }
    if (r.path("pictures").isArray()) {
      b.append("  [").append(r.path("pictures").size()).append(" picture(s)]");
    }
    b.append("  (").append(r.path("client").asString("unknown client")).append(")");
    return b.toString();
  }

  static Instant parseSince(String text, Clock clock) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException notAnInstant) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (RuntimeException notADay) {
        try {
          return clock.instant().minus(Durations.parse(text));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--since takes a time (2026-12-03T09:00:00Z), a day (2026-12-03) or "
              + "a time ago (2h, 3d), not '" + text + "'");
        }
      }
    }
  }

  @Command(name = "purge", mixinStandardHelpOptions = true, description = "Delete the whole log.")
  static final class Purge implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Override
    public Integer call() throws IOException {
      int deleted = TeachLog.purge(state.resolve());
      spec.commandLine().getOut().println("Deleted the log (" + deleted + " day file" + (deleted == 1 ? "" : "s") + ").");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "retention", mixinStandardHelpOptions = true,
      description = "Keep the log this many days (default 30; while locked, asks for the passphrase).")
  static final class Retention implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "DAYS", description = "1 to 3650.")
    int days;

    @Override
    public Integer call() throws IOException {
      if (days < 1 || days > 3650) {
        throw new ParameterException(spec.commandLine(), "DAYS must be 1 to 3650, not " + days);
      }
      char[] given = TeachFile.read(state.resolve()).locked() ? TeachCommand.ask(spec, "Passphrase: ") : null;
      TeachFile.update(state.resolve(), now -> {
        if (now.locked() && (given == null || !now.lock().matches(given))) {
          throw new CliErrors.CliFailure("wrong passphrase: the log is still kept " + now.logRetentionDays() + " days");
        }
        return now.withRetention(days);
      });
      int deleted = TeachLog.expire(state.resolve(), days, LocalDate.now(ZoneOffset.UTC));
      spec.commandLine().getOut().println("The log is kept " + days + " days" + (deleted > 0 ? " (deleted " + deleted
          + " older day file" + (deleted == 1 ? "" : "s") + ")" : "") + ".");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
