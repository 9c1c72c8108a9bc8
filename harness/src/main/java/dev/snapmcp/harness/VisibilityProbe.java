package dev.snapmcp.harness;

import dev.snapmcp.core.NewSession;
import dev.snapmcp.testkit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The connections scenario's visibility probe: how long after a connection another process sees it in the store. A
 * {@link StoreWatcherMain} process awaits (store.await) each connection of one probe session.
 */
final class VisibilityProbe {

  /**
   * Microseconds until another process saw the session connected: from the hello sent (the bridge's checks, its
   * commit, the other process noticing), and from the welcome received (0 when the other process saw it first).
   */
  record Visibility(long[] fromHello, long[] fromWelcome) {
    static final Visibility NONE = new Visibility(new long[0], new long[0]);
  }

  private final ConnectionsRig rig;

  VisibilityProbe(ConnectionsRig rig) {
    this.rig = rig;
  }

  Visibility run() throws Exception {
    NewSession probe = rig.createSessions(1).get(0);
    String id = probe.session().id();
    List<Long> fromHello = new ArrayList<>();
    List<Long> fromWelcome = new ArrayList<>();
    // For each session id on its stdin the watcher prints "watching ID", waits with store.await until the session is
    // connected, and prints "connected ID EPOCH_MICROS".
    try (ChildJvm watcher = ChildJvm.builder(StoreWatcherMain.class).name("store-watcher")
        .args(rig.stateDir().toString()).start()) {
      for (int i = 0; i < rig.settings().probes(); i++) {
        watcher.stdin().write((id + "\n").getBytes(StandardCharsets.UTF_8));
        watcher.stdin().flush();
        watcher.awaitLine(nth(i + 1, "watching " + id), ConnectionsScenario.WAIT);
        BridgeUnderTest.Connected c = rig.bridge().connect(probe);
        String seen = watcher.awaitLine(nth(i + 1, "connected " + id + " "), ConnectionsScenario.WAIT);
        long seenMicros = Long.parseLong(seen.split(" ")[2]);
        fromHello.add(Math.max(0, seenMicros - micros(c.helloAt())));
        fromWelcome.add(Math.max(0, seenMicros - micros(c.welcomedAt()))); // the store may be ahead of the welcome
        c.browser().close();
        rig.store().await(id, s -> !s.connected(), ConnectionsScenario.WAIT);
      }
      watcher.stdin().close();
      watcher.waitFor(ConnectionsScenario.WAIT);
    }
    Visibility v = new Visibility(fromHello.stream().mapToLong(Long::longValue).toArray(),
        fromWelcome.stream().mapToLong(Long::longValue).toArray());
    Latency h = Latency.ofMicros(v.fromHello());
    Latency w = Latency.ofMicros(v.fromWelcome());
    rig.say("visibility: %d connections seen by another process; from the hello p50 %.2f ms, p99 %.2f ms; from the"
        + " welcome p50 %.2f ms, p99 %.2f ms", h.count(), h.p50(), h.p99(), w.p50(), w.p99());
    return v;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** Matches the {@code n}-th line starting with {@code prefix} (awaitLine looks at each line once, in order). */
  private static Predicate<String> nth(int n, String prefix) {
    int[] count = {0};
    return line -> line.startsWith(prefix) && ++count[0] == n;
  }
}
