package dev.snapmcp.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Opens the file store with non-default tuning, for benchmarks and stress runs (the harness module measures the store
 * with and without its group commit). Lives in core's test-jar so production code has no such switch.
 */
public final class StoreTuning {

  private StoreTuning() {}

  /**
   * Opens the store in {@code stateDir}; with {@code groupCommit} false every change is committed alone (one lock, one
   * durable replace per change), as a store without batching would.
   */
  public static SessionStore open(Path stateDir, Clock clock, boolean groupCommit, Duration lockTimeout) {
    return FileSessionStore.open(stateDir, clock, new FileSessionStore.Options(lockTimeout, groupCommit));
  }
}
