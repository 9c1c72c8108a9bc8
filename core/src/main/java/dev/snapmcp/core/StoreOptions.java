package dev.snapmcp.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a store is tuned. Every snap-mcp command opens its store with {@link #defaults()}; the harness measures the store
 * with other settings ({@code SessionStores.open(dir, clock, StoreOptions.defaults().withGroupCommit(false))}).
 *
 * @param lockTimeout how long a change waits for the store's lock before it fails with {@link
 *     StoreException.Kind#BUSY}
 * @param groupCommit whether the changes of threads waiting at the same moment share one commit (one lock, one
 *     durable write); when false every change is committed alone, as a store without batching would
 */
public record StoreOptions(Duration lockTimeout, boolean groupCommit) {

  public StoreOptions {
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    if (lockTimeout.isNegative()) {
      throw new IllegalArgumentException("the lock timeout cannot be negative: " + lockTimeout);
    }
  }

  /** A 10 s lock timeout, group commit on. */
  public static StoreOptions defaults() {
    return new StoreOptions(Duration.ofSeconds(10), true);
  }

  public StoreOptions withLockTimeout(Duration timeout) {
    return new StoreOptions(timeout, groupCommit);
  }

  public StoreOptions withGroupCommit(boolean on) {
    return new StoreOptions(lockTimeout, on);
  }
}
