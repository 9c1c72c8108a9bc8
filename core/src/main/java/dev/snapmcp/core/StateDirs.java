package dev.snapmcp.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the state folder is: {@code --state-dir}, else {@code $SNAP_MCP_STATE_DIR}, else {@code
 * $XDG_STATE_HOME/snap-mcp}, else {@code ~/.local/state/snap-mcp}. A relative
 * {@code --state-dir} is made absolute once, here; nothing else depends on the working folder.
 */
public final class StateDirs {

  private StateDirs() {}

  /** Resolves the folder from an explicit choice (may be null) and the process environment. */
  public static Path resolve(Path explicit) {
    return resolve(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** Resolves the folder from an explicit choice (may be null), an environment and a home folder (for tests). */
  public static Path resolve(Path explicit, Map<String, String> env, Path home) {
    if (explicit != null) {
      return explicit.toAbsolutePath().normalize();
    }
    String fromEnv = env.get("SNAP_MCP_STATE_DIR");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath().normalize();
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "snap-mcp").normalize();
    }
    return home.resolve(".local/state/snap-mcp").toAbsolutePath().normalize();
  }
}
