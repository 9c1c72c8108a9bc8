package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar harness/target/snap-mcp-harness.jar COMMAND}: QA's stress tool ({@code store}, {@code
 * connections}, {@code all}) and the JMH benchmarks ({@code jmh}). Exit 0 when every check passed, 1 when one failed,
 * 2 on a usage error, 3 when the naive store was not caught.
 */
@Command(name = "snap-mcp-harness", mixinStandardHelpOptions = true,
    description = "Stress scenarios with invariant checks, and the JMH benchmarks.",
    subcommands = {StoreCommand.class, ConnectionsCommand.class, ClassroomCommand.class, AllCommand.class,
        HarnessMain.Jmh.class})
public final class HarnessMain implements Callable<Integer> {

  /** Exit status: every check passed. */
  static final int PASSED = 0;
  /** Exit status: a check failed (lost or duplicated updates, torn reads, state mismatches, ...). */
  static final int CHECK_FAILED = 1;
  /** Exit status: the deliberately broken naive store was not caught, so the checker cannot be trusted. */
  static final int NAIVE_NOT_CAUGHT = 3;

  /** The machine a run's figures come from, for the reports: cores, Java, OS and the load at the moment. */
  static String describeMachine() {
    return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + String.format(java.util.Locale.ROOT,
        ", load average %.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage());
  }

  /** Writes a command's {@code --json FILE}: one object, pretty-printed, with the project's one mapper. */
  static void writeJson(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new HarnessMain()).execute(args));
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }

  /** Passes its arguments to JMH's own command line ({@code -h} lists them). */
  @Command(name = "jmh", description = "Runs JMH benchmarks, e.g. jmh -f 1 -wi 2 -i 3 -w 2s -r 3s StoreUpdate")
  static final class Jmh implements Callable<Integer> {
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new)); // exits the JVM itself
      return 0;
    }
  }
}
