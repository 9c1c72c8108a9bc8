package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.Protocol;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows failed hellos down without ever locking the user out (issue 13, attack 3). Nothing is counted by address:
 * every browser tab is 127.0.0.1, and a local process has 127.0.0.2 and up. Instead:
 *
 * <ul>
 *   <li>failures are counted per (origin, session id), and per origin over all ids (so cycling ids buys nothing);
 *       past {@code freeFailures} a failure's answer comes after a growing delay, up to {@code maxDelay}. A hello
 *       that verifies is answered at once whatever the counts say;
 *   <li>an origin may hold at most {@code maxOpenPerOrigin} unproven sockets (from the WebSocket handshake to the
 *       welcome or to a failure's delayed answer): a page cannot fill the bridge, and its own sockets are the ones
 *       refused. The extension's worker has its own origin, which no page can send, and is not capped: it opens one
 *       socket per paired tab, and on a classroom's bridge every student's browser shares that one origin (after a
 *       bridge restart they all come back at once). The per-address cap and the hello timeout still bound it.
 * </ul>
 */
final class HelloThrottle {

  /** Keys remembered at most; past it the oldest go (an attacker choosing ids cannot grow the map). */
  private static final int MAX_KEYS = 4096;

  private static final long FIRST_DELAY_MS = 100;

  /** The extension's own origin, as {@link #originKey} keeps it. */
  private static final String EXTENSION = originKey(Protocol.EXTENSION_ORIGIN);

  private final int freeFailures;
  private final Duration window;
  private final Duration maxDelay;
  private final int maxOpenPerOrigin;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
          return size() > MAX_KEYS;
        }
      };
  private final Map<String, Integer> open = new HashMap<>();

  HelloThrottle(int freeFailures, Duration window, Duration maxDelay, int maxOpenPerOrigin, Clock clock) {
    this.freeFailures = freeFailures;
    this.window = window;
    this.maxDelay = maxDelay;
    this.maxOpenPerOrigin = maxOpenPerOrigin;
    this.clock = clock;
  }

  static HelloThrottle of(BridgeConfig config) {
    return new HelloThrottle(config.failedHelloLimit(), config.failedHelloWindow(), config.failedHelloDelay(),
        config.maxHandshakesPerOrigin(), config.clock());
  }

  int maxOpenPerOrigin() {
    return maxOpenPerOrigin;
  }

  /** The key an origin header is counted under (absent: the empty string). */
  static String originKey(String origin) {
    return origin == null ? "" : origin.trim().toLowerCase(Locale.ROOT);
  }

  /** Counts one more unproven socket from {@code origin}, unless the origin is at its cap. */
  synchronized boolean tryOpen(String origin) {
    if (EXTENSION.equals(origin)) {
      return true; // never counted, so release() finds nothing to take back either
    }
    int n = open.getOrDefault(origin, 0);
    if (n >= maxOpenPerOrigin) {
      return false;
    }
    open.put(origin, n + 1);
    return true;
  }

  /** The socket was proven, answered with a failure, or closed. */
  synchronized void release(String origin) {
    open.computeIfPresent(origin, (o, n) -> n <= 1 ? null : n - 1);
  }

  /** Records a failed hello and says how long to wait before answering it. */
  synchronized Duration failed(String origin, String session) {
    long now = clock.millis();
    int forKey = record(origin + "\n" + (session == null ? "" : session), now);
    int forOrigin = record(origin + "\n*", now);
    long ms = Math.max(delayMs(forKey, freeFailures), delayMs(forOrigin, freeFailures * 4));
    return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
  }

  private int record(String key, long now) {
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    long oldest = now - window.toMillis();
    while (!times.isEmpty() && times.peekFirst() <= oldest) {
      times.removeFirst();
    }
    times.addLast(now);
    if (times.size() > 1024) {
      times.removeFirst(); // the delay is at its cap long before this
    }
    return times.size();
  }

  private static long delayMs(int count, int free) {
    if (count <= free) {
      return 0;
    }
    int doublings = Math.min(count - free - 1, 20);
    return FIRST_DELAY_MS << doublings;
  }
}
