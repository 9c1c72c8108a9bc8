package dev.snapmcp.mcp.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a client keeps its files on this machine: the operating system, the home folder and the environment variables
 * the clients themselves honour ({@code XDG_CONFIG_HOME}, {@code APPDATA}, {@code CLAUDE_CONFIG_DIR},
 * {@code CODEX_HOME}, {@code PATH}). Tests make one over a temporary home; {@link #withHome} is {@code --home}.
 */
public record Platform(Os os, Path home, Map<String, String> env) {

  /** The three families whose paths differ. */
  public enum Os {
    LINUX, MAC, WINDOWS;

    static Os of(String osName) {
      String n = osName.toLowerCase(Locale.ROOT);
      return n.startsWith("windows") ? WINDOWS : n.startsWith("mac") || n.startsWith("darwin") ? MAC : LINUX;
    }
  }

  public Platform {
    home = home.toAbsolutePath().normalize();
    env = Map.copyOf(env);
  }

  /** This machine, as the JVM sees it. */
  public static Platform current() {
    Os os = Os.of(System.getProperty("os.name", ""));
    Map<String, String> env = System.getenv();
    String home = env.get(os == Os.WINDOWS ? "USERPROFILE" : "HOME");
    return new Platform(os, Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home), env);
  }

  /**
   * The same machine with {@code dir} as the home folder, and the variables that would point outside it dropped: every
   * config file is then found under {@code dir} (what {@code --home} promises and tests rely on). {@code PATH} stays,
   * so clients installed on the machine are still recognised.
   */
  public Platform withHome(Path dir) {
    String path = env.get("PATH");
    return new Platform(os, dir, path == null ? Map.of() : Map.of("PATH", path));
  }

  /** The per-user folder where desktop applications keep their settings, e.g. {@code ~/.config} on Linux. */
  Path appConfigHome() {
    return switch (os) {
      case MAC -> home.resolve("Library").resolve("Application Support");
      case WINDOWS -> dirFromEnv("APPDATA").orElse(home.resolve("AppData").resolve("Roaming"));
      case LINUX -> dirFromEnv("XDG_CONFIG_HOME").orElse(home.resolve(".config"));
    };
  }

  /** An absolute folder named by an environment variable; a relative or empty value is ignored, as the XDG spec says. */
  Optional<Path> dirFromEnv(String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    Path p = Path.of(v);
    return p.isAbsolute() ? Optional.of(p.normalize()) : Optional.empty();
  }

  /** The program {@code name} on {@code PATH} (with Windows' executable extensions), if there is one. */
  Optional<Path> onPath(String name) {
    String path = env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    String separator = os == Os.WINDOWS ? ";" : ":";
    String[] suffixes = os == Os.WINDOWS ? new String[] {".exe", ".cmd", ".bat", ""} : new String[] {""};
    for (String dir : path.split(separator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String suffix : suffixes) {
        Path candidate;
        try {
          candidate = Path.of(dir, name + suffix);
        } catch (RuntimeException badEntry) {
          continue; // an unparsable PATH entry names no program
        }
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
