package dev.snapmcp.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed hellos per remote address in a sliding window. An address over the limit is refused with
 * {@code rate_limited} until its oldest failure leaves the window: guessing tokens stays pointless and cheap for us.
 */
final class FailedHelloLimiter {

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  FailedHelloLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  synchronized boolean blocked(String address) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return false;
    }
    prune(address, times);
    return times.size() >= limit;
  }

  synchronized void recordFailure(String address) {
    Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    prune(address, times);
    times.addLast(clock.millis());
    failures.putIfAbsent(address, times);
  }

  private void prune(String address, Deque<Long> times) {
    long oldest = clock.millis() - window.toMillis();
    while (!times.isEmpty() && times.peekFirst() <= oldest) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      failures.remove(address);
    }
  }
}
