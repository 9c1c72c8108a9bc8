package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionStatus.Drop;
import dev.snapmcp.core.Session;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every session's {@link Tab}, made on first use: the bridge's one place for what belongs to a tab rather than to a
 * client (its command queue, its connection, its last drop). The registry tells it when connections come and go; the
 * control API submits commands to it and asks it for the states.
 */
final class Tabs {

  private final Clock clock;
  private final Timers timers;
  private final Duration grace;
  private final int limit;
  private final Map<String, Tab> tabs = new ConcurrentHashMap<>();
  /** Ids this bridge makes are unique across bridges too: a tab remembers the ids it answered. */
  private final String idPrefix;
  private final AtomicLong lastId = new AtomicLong();

  Tabs(Clock clock, Timers timers, Duration grace, int limit) {
    this.clock = clock;
    this.timers = timers;
    this.grace = grace;
    this.limit = limit;
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    this.idPrefix = "c_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "_";
  }

  /** The tab of {@code session}, made if new. */
  Tab tab(String session) {
    return tabs.computeIfAbsent(session, id -> new Tab(id, clock, timers, grace, limit));
  }

  /** A fresh command id, for a command whose caller chose none. */
  String newCommandId() {
    return idPrefix + lastId.incrementAndGet();
  }

  Duration grace() {
    return grace;
  }

  Clock clock() {
    return clock;
  }

  /** {@code connection} was welcomed: its session's commands go to it from now on. */
  void attached(BridgeConnection connection) {
    tab(connection.sessionId()).attached(connection.link());
  }

  /** {@code connection} closed with {@code reason}. */
  void dropped(BridgeConnection connection, String reason) {
    Tab tab = tabs.get(connection.sessionId());
    if (tab != null) {
      tab.dropped(connection.link(), new Drop(clock.instant(), reason));
    }
  }

  /** A result from the browser: true if a command was waiting for it. */
  boolean complete(BridgeConnection connection, Frame.Result result) {
    Tab tab = tabs.get(connection.sessionId());
    return tab != null && tab.complete(result);
  }

  /** The state of {@code stored} now, from the store and what this bridge saw itself. */
  SessionStatus status(Session stored, boolean live) {
    Tab tab = tabs.get(stored.id());
    Drop seen = tab == null ? null : tab.lastDrop();
    return SessionStatus.derive(stored, live, Drop.newer(Drop.of(stored), seen), clock.instant(), grace);
  }

  /** The tab of {@code session} moved to another bridge node: its queue leaves, unfailed (none if it has no tab). */
  java.util.List<Tab.Moved> handOver(String session) {
    Tab tab = tabs.get(session);
    return tab == null ? java.util.List.of() : tab.handOver();
  }

  /** Forgets idle tabs of sessions the store no longer has. */
  void forgetAllBut(Set<String> stored) {
    tabs.entrySet().removeIf(e -> !stored.contains(e.getKey()) && e.getValue().idle());
  }
}
