package dev.snapmcp.bridge;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the commands' timeouts and the reconnection grace. The bridge runs them on its event
 * loops; {@code TabTest} runs them by hand on an injected clock, so no test sleeps through a timeout.
 */
interface Timers {

  /** Runs {@code task} once, {@code delay} from now (at once when it is not positive). */
  Cancellable after(Duration delay, Runnable task);

  /** A task that has not run yet can be cancelled. */
  interface Cancellable {
    void cancel();
  }

  /** Timers on {@code executor}. */
  static Timers on(ScheduledExecutorService executor) {
    return (delay, task) -> {
      try {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      } catch (RejectedExecutionException e) {
        return () -> {}; // the bridge is stopping: its connections close, and with them whoever waits
      }
    };
  }
}
