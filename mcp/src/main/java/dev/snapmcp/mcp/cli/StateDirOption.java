package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StateDirs;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * {@code --state-dir} and {@code --store}, shared by every command that opens the store: where this machine's state
 * folder is, and where the sessions live (by default the file {@code sessions.json} in that folder; with a {@code
 * postgresql://} URL, a database several machines share, while the folder still keeps the bridge's control token).
 */
final class StateDirOption {

  /** The environment variable {@code --store} defaults to: a URL with a password stays out of the process list. */
  static final String STORE_VARIABLE = "SNAP_MCP_STORE";

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "State folder (default: $SNAP_MCP_STATE_DIR, else $XDG_STATE_HOME/snap-mcp, "
          + "else ~/.local/state/snap-mcp).")
  Path stateDir;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description = "Keep the sessions in this PostgreSQL database, shared by several machines: "
          + "postgresql://USER:PASSWORD@HOST:PORT/DB or jdbc:postgresql://HOST:PORT/DB?user=… (default: "
          + "$" + STORE_VARIABLE + ", else the file sessions.json in the state folder).")
  String store;

  Path resolve() {
    return StateDirs.resolve(stateDir);
  }

  /** The store's URL, or null for the file in the state folder. */
  String storeUrl() {
    if (store != null && !store.isBlank()) {
      return store;
    }
    String fromEnvironment = System.getenv(STORE_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
  }

  SessionStore open() {
    return open(Clock.systemUTC());
  }

  SessionStore open(Clock clock) {
    return SessionStores.open(storeUrl(), resolve(), clock);
  }
}
