package dev.snapmcp.bridge;

import java.time.Clock;

/** A {@link Tabs} for tests that build a registry by hand: the default grace and limit, timers that never fire. */
final class TestTabs {

  private TestTabs() {}

  static Tabs of(Clock clock) {
    return new Tabs(clock, (delay, task) -> () -> {}, BridgeConfig.DEFAULT_RECONNECT_GRACE, 16);
  }
}
