package dev.snapmcp.mcp.setup;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code snap-mcp} launcher script whose absolute path goes into a client's config: what a client runs to start
 * the server (it rebuilds the jar when the sources change and starts it with the tuned JVM options).
 */
public final class Launcher {

  /** Set by the launcher script to its own resolved path, for the program it starts. */
  public static final String ENV = "SNAP_MCP_LAUNCHER";
  private static final String NAME = "snap-mcp";

  private Launcher() {}

  /**
   * {@code given} ({@code --command}) if not null; else {@code $SNAP_MCP_LAUNCHER}; else the {@code snap-mcp} script
   * in a folder above this code (the repository root, above {@code mcp/target/snap-mcp.jar}).
   */
  public static Path find(Path given, Map<String, String> env) {
    if (given != null) {
      return check(given, "--command");
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return check(Path.of(fromEnv), "$" + ENV);
    }
    try {
      Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(NAME);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.normalize();
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code location to start from: fall through to the message below
    }
    throw new SetupException("cannot find the snap-mcp launcher; run setup through it ('/path/to/snap-mcp setup …') "
        + "or name it with --command /path/to/snap-mcp.");
  }

  private static Path check(Path launcher, String source) {
    Path p = launcher.toAbsolutePath().normalize();
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      throw new SetupException(source + " names " + p + ", which is not an executable file.");
    }
    return p;
  }
}
