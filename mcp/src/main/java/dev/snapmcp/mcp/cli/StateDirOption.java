package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StateDirs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}, shared by every command that opens the store. */
final class StateDirOption {

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "State folder (default: $SNAP_MCP_STATE_DIR, else $XDG_STATE_HOME/snap-mcp, "
          + "else ~/.local/state/snap-mcp).")
  Path stateDir;

  Path resolve() {
    return StateDirs.resolve(stateDir);
  }

  SessionStore open() {
    return SessionStores.open(resolve());
  }
}
