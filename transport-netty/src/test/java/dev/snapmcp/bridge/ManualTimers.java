package dev.snapmcp.bridge;

import dev.snapmcp.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link Timers} that run when a test moves the clock: timeouts and the grace without a single sleep. */
final class ManualTimers implements Timers {

  private final MutableClock clock;
  private final List<Due> due = new ArrayList<>();
  private long order;

  private final class Due implements Cancellable {
    final Instant at;
    final long seq = order++;
    final Runnable task;
    boolean cancelled;

    Due(Instant at, Runnable task) {
      this.at = at;
      this.task = task;
    }

    @Override
    public void cancel() {
      synchronized (ManualTimers.this) {
        cancelled = true;
        due.remove(this);
      }
    }
  }

  ManualTimers(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable after(Duration delay, Runnable task) {
    Due d = new Due(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), task);
    due.add(d);
    return d;
  }

  /** Moves the clock by {@code step}, running every task that falls due on the way, in time order, at its time. */
  void advance(Duration step) {
    Instant end = clock.instant().plus(step);
    while (true) {
      Due next;
      synchronized (this) {
        next = due.stream().filter(d -> !d.at.isAfter(end))
            .min(Comparator.<Due, Instant>comparing(d -> d.at).thenComparingLong(d -> d.seq)).orElse(null);
        if (next == null) {
          break;
        }
        due.remove(next);
      }
      if (next.at.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next.at));
      }
      next.task.run();
    }
    clock.advance(Duration.between(clock.instant(), end));
  }

  /** Tasks waiting to run. */
  synchronized int pending() {
    return due.size();
  }
}
