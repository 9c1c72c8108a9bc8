package dev.snapmcp.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;

/** Where a run writes: a fresh folder per run, so a report never mixes with an earlier run's state. */
final class ReportDirs {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ReportDirs() {}

  /** {@code requested}, or {@code stress-report/SCENARIO-<UTC stamp>}; refused if it already holds a run. */
  static Path choose(Path requested, String scenario, CommandLine cmd) {
    Path dir = (requested != null ? requested : Path.of("stress-report", scenario + "-" + STAMP.format(Instant.now())))
        .toAbsolutePath();
    if (Files.exists(dir.resolve("state"))) {
      throw new CommandLine.ParameterException(cmd, dir + " already holds a run (its state folder exists);"
          + " choose another --report-dir or delete that one");
    }
    return dir;
  }
}
