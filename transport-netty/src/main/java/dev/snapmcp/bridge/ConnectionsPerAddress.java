package dev.snapmcp.bridge;

import java.util.HashMap;
import java.util.Map;

/**
 * How many connections each remote address holds, against a limit. The bridge keeps two: one for WebSockets, one for
 * HTTP connections (not yet upgraded).
 */
final class ConnectionsPerAddress {

  private final int limit;
  private final Map<String, Integer> counts = new HashMap<>();

  ConnectionsPerAddress(int limit) {
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  /** Counts one more connection from {@code address}, unless that would pass the limit. */
  synchronized boolean tryAcquire(String address) {
    int n = counts.getOrDefault(address, 0);
    if (n >= limit) {
      return false;
    }
    counts.put(address, n + 1);
    return true;
  }

  synchronized void release(String address) {
    counts.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }
}
