package dev.snapmcp.core;

import java.nio.file.Path;
import java.time.Clock;

/** Opens session stores. */
public final class SessionStores {

  private SessionStores() {}

  /**
   * Opens (creating if needed) the store in {@code stateDir}: checks and repairs the folder's and files' permissions,
   * cleans up temporary files a killed process left, and reads the document once to fail early on damage.
   *
   * @param clock the source of "now" for expiry and timestamps (tests inject a fixed or offset clock)
   */
  public static SessionStore open(Path stateDir, Clock clock) {
    return open(stateDir, clock, StoreOptions.defaults());
  }

  /** Opens the store in {@code stateDir} tuned by {@code options} (see {@link StoreOptions}). */
  public static SessionStore open(Path stateDir, Clock clock, StoreOptions options) {
    return FileSessionStore.open(stateDir, clock, java.util.Objects.requireNonNull(options, "options"));
  }

  /** Opens the store in {@code stateDir} on the system clock. */
  public static SessionStore open(Path stateDir) {
    return open(stateDir, Clock.systemUTC());
  }
}
