package dev.snapmcp.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where real Snap! is on this machine: {@code $SNAP_HOME}, else {@code ~/.cache/snap-mcp/snap}. */
final class SnapHome {

  private SnapHome() {}

  /** The Snap! folder (holding {@code snap.html}); fails with how to install it when there is none. */
  static Path locate() {
    return locate(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static Path locate(Map<String, String> env, Path home) {
    String fromEnv = env.get("SNAP_HOME");
    Path dir = fromEnv != null && !fromEnv.isBlank()
        ? Path.of(fromEnv) : home.resolve(".cache/snap-mcp/snap");
    if (!Files.isRegularFile(dir.resolve("snap.html")) || !Files.isRegularFile(dir.resolve("src/gui.js"))) {
      throw new IllegalStateException("Real Snap! is needed for the e2e tests and there is none at " + dir
          + " (no snap.html and src/gui.js there). Install it once: get Snap!'s repository"
          + " (https://github.com/jmoenig/Snap, a release such as v12) and unpack it to ~/.cache/snap-mcp/snap,"
          + " or set SNAP_HOME to a folder holding snap.html; with a git directory of Snap!,"
          + " `install-snap <git dir>` does it (README, \"Real Snap! for the e2e tests\").");
    }
    return dir;
  }

  /** The Snap! version written by install-snap ({@code SNAP_VERSION}), or "unknown". */
  static String version(Path dir) {
    try {
      return Files.readAllLines(dir.resolve("SNAP_VERSION")).stream()
          .filter(l -> l.startsWith("version=")).map(l -> l.substring(8)).findFirst().orElse("unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
