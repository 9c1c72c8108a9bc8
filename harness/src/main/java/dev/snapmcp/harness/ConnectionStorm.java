package dev.snapmcp.harness;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import dev.snapmcp.core.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The connections scenario's storm: {@code clients} threads, one session each, run their {@link StormClient} cycles
 * as fast as they can while {@code silentClients} more say hello and stop reading (the bridge must drop each with
 * {@code heartbeat_timeout}), the bridge optionally killed with -9 and restarted every {@code killBridgeEvery}. Then
 * the store must agree with the sockets the clients kept open, and every history pass {@link
 * ConnectionsHistoryChecker}. Samples cycles per second every half second, and the CPU time of the bridge and of the
 * clients.
 */
final class ConnectionStorm {

  /** What the storm found beyond the {@link StormTally}. */
  record Outcome(double seconds, double steadyCyclesPerSec, long incompleteHistories, int silentTimedOut,
      List<Double> kills, List<ConnectionsRun.Point> timeline, double bridgeCpuMs, double clientCpuMs) {}

  private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final ConnectionsRig rig;
  private final StormTally tally;

  ConnectionStorm(ConnectionsRig rig, StormTally tally) {
    this.rig = rig;
    this.tally = tally;
  }

  Outcome run() throws Exception {
    ConnectionsScenario.Settings settings = rig.settings();
    BridgeUnderTest bridge = rig.bridge();
    boolean killing = !settings.killBridgeEvery().isZero();
    List<NewSession> sessions = rig.createSessions(settings.clients());
    // Each session's pairing code is used once before the storm, as a browser pairs: from then on every socket of the
    // storm proves the secret it was exchanged for (FakeBrowser's shared Keyring). Otherwise a race as a session's first
    // cycle, or a kill between the bridge's exchange and its proven, would leave the session to code_used.
    for (NewSession s : sessions) {
      bridge.connect(s).browser().close();
      rig.store().await(s.session().id(), x -> !x.connected(), ConnectionsScenario.WAIT);
    }
    List<NewSession> silentSessions = rig.createSessions(settings.silentClients());
    Map<String, String> silent = new LinkedHashMap<>();
    List<FakeBrowser> frozen = new ArrayList<>();
    for (NewSession s : silentSessions) {
      BridgeUnderTest.Connected c = bridge.connect(s);
      c.browser().freeze(); // a hung tab: no pongs from now on
      frozen.add(c.browser());
      silent.put(s.session().id(), c.connection());
    }
    Map<String, String> live = new ConcurrentHashMap<>();
    StormClient client = new StormClient(rig, tally, live);
    long total = (long) settings.clients() * settings.cyclesPerClient();
    CountDownLatch finished = new CountDownLatch(sessions.size());
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), ConnectionsRig.named("connections-client"));
    List<Future<FakeBrowser>> clients = new ArrayList<>();
    List<Double> kills = new ArrayList<>();
    List<ConnectionsRun.Point> timeline = new ArrayList<>();
    List<double[]> cumulative = new ArrayList<>(); // {seconds into the storm, cycles done by then}
    long bridgePid = bridge.pid();
    Duration bridgeCpuBefore = cpu(bridgePid);
    Duration deadBridgesCpu = Duration.ZERO;
    Duration clientCpuBefore = cpu(ProcessHandle.current().pid());
    long begin = System.nanoTime();
    for (int i = 0; i < sessions.size(); i++) {
      NewSession s = sessions.get(i);
      Random random = new Random(settings.seed() + i);
      clients.add(pool.submit(() -> {
        try {
          return client.run(s, random);
        } finally {
          finished.countDown();
        }
      }));
    }
    try (Progress progress = Progress.start("connections", total, "cycles")) {
      long nextSample = begin + SAMPLE_EVERY_NANOS;
      long nextKill = killing ? begin + settings.killBridgeEvery().toNanos() : Long.MAX_VALUE;
      long lastCycles = 0;
      long lastAt = begin;
      while (finished.getCount() > 0) {
        long wake = Math.min(nextSample, nextKill);
        finished.await(Math.max(0, wake - System.nanoTime()), TimeUnit.NANOSECONDS); // early when all are done
        long now = System.nanoTime();
        if (now >= nextKill && finished.getCount() > 0) {
          deadBridgesCpu = deadBridgesCpu.plus(cpu(bridge.pid()).minus(bridgeCpuBefore));
          bridge.killAndRestart(); // kill -9 in the middle of the storm
          kills.add((now - begin) / 1e9);
          bridgePid = bridge.pid();
          bridgeCpuBefore = cpu(bridgePid);
          nextKill = System.nanoTime() + settings.killBridgeEvery().toNanos();
        }
        if (now >= nextSample || finished.getCount() == 0) {
          long c = tally.cycles.get();
          timeline.add(new ConnectionsRun.Point((now - begin) / 1e9, (c - lastCycles) / ((now - lastAt) / 1e9)));
          cumulative.add(new double[] {(now - begin) / 1e9, c});
          lastCycles = c;
          lastAt = now;
          nextSample = now + SAMPLE_EVERY_NANOS;
        }
        progress.doneSoFar(tally.cycles.get());
        progress.note(String.format(Locale.ROOT, " raced %d, dropped %d%s%s", tally.replacements.get(),
            tally.abruptDrops.get(), killing ? ", kills " + kills.size() : "",
            tally.clientFailures.get() > 0 ? ", FAILURES " + tally.clientFailures.get() : ""));
      }
    }
    long cycles = tally.cycles.get();
    double seconds = (System.nanoTime() - begin) / 1e9;
    double[] half = cumulative.stream().filter(p -> p[0] >= seconds / 2).findFirst()
        .orElse(new double[] {0, 0});
    double steady = seconds - half[0] < seconds / 4 ? cycles / seconds // too short to have a second half
        : (cycles - half[1]) / (seconds - half[0]);
    double bridgeCpuMs = cpu(bridgePid).minus(bridgeCpuBefore).plus(deadBridgesCpu).toNanos() / 1e6;
    double clientCpuMs = cpu(ProcessHandle.current().pid()).minus(clientCpuBefore).toNanos() / 1e6;
    List<FakeBrowser> kept = new ArrayList<>();
    for (Future<FakeBrowser> f : clients) {
      FakeBrowser b = f.get(ConnectionsScenario.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (b != null) {
        kept.add(b);
      }
    }
    pool.shutdown();
    rig.say("storm: %d cycles in %.1f s (%.0f/s), %d races, %d abrupt drops, %d bridge kills, %d sockets kept open",
        cycles, seconds, cycles / seconds, tally.replacements.get(), tally.abruptDrops.get(), kills.size(),
        kept.size());
    try {
      int silentTimedOut = checkSilent(silent, !kills.isEmpty());
      Map<String, Session> finals = settle(sessions, live);
      for (NewSession s : silentSessions) {
        finals.put(s.session().id(), rig.store().get(s.session().id()).orElseThrow());
      }
      ConnectionsHistoryChecker.Outcome outcome = ConnectionsHistoryChecker.check(finals, live);
      tally.stateMismatches.addAndGet(outcome.stateMismatches());
      tally.lateCloseFlips.addAndGet(outcome.lateCloseFlips());
      outcome.violations().forEach(rig::violation);
      rig.say("checked %d sessions: %d state mismatches, %d late-close flips, %d incomplete histories",
          finals.size(), tally.stateMismatches.get(), tally.lateCloseFlips.get(), outcome.incompleteHistories());
      return new Outcome(seconds, steady, outcome.incompleteHistories(), silentTimedOut, kills, timeline, bridgeCpuMs,
          clientCpuMs);
    } finally {
      kept.forEach(FakeBrowser::close);
      frozen.forEach(FakeBrowser::abort);
    }
  }

  /** Every silent client's session must end disconnected with heartbeat_timeout (bridge_restarted after a kill). */
  private int checkSilent(Map<String, String> silent, boolean killed) {
    Duration wait = Duration.ofMillis(ConnectionsScenario.IDLE_TIMEOUT_MS).plus(StormClient.SETTLE_WAIT);
    int timedOut = 0;
    for (Map.Entry<String, String> e : silent.entrySet()) {
      String id = e.getKey();
      String conn = e.getValue();
      Session s;
      try {
        s = rig.store().await(id, x -> StormClient.ended(x, conn), wait);
      } catch (StoreException ex) {
        rig.violation(id + ": the silent client's connection " + conn + " was not dropped within "
            + (ConnectionsScenario.IDLE_TIMEOUT_MS / 1000 + StormClient.SETTLE_WAIT.toSeconds()) + " s: "
            + ex.getMessage());
        continue;
      }
      SessionEvent end = s.history().stream().filter(x -> conn.equals(x.connectionId())
          && SessionEvent.DISCONNECTED.equals(x.type())).findFirst().orElse(null);
      String reason = end == null ? null : end.reason();
      boolean expected = "heartbeat_timeout".equals(reason) || killed && "bridge_restarted".equals(reason);
      if (expected && !s.connected()) {
        timedOut++;
      } else {
        rig.violation(id + ": the silent client's connection " + conn + " ended with " + (end == null
            ? "no disconnect" : "reason " + reason) + ", connected=" + s.connected()
            + "; expected heartbeat_timeout; history " + s.history());
      }
    }
    if (!silent.isEmpty()) {
      rig.say("silent clients: %d of %d dropped with heartbeat_timeout", timedOut, silent.size());
    }
    return timedOut;
  }

  /** The sessions once the store has settled on the live sockets (or 10 s have passed: the checker says what). */
  private Map<String, Session> settle(List<NewSession> sessions, Map<String, String> live) {
    Map<String, Session> finals = new LinkedHashMap<>();
    for (NewSession s : sessions) {
      String id = s.session().id();
      String conn = live.get(id);
      try {
        finals.put(id, rig.store().await(id, x -> conn == null ? !x.connected()
            : x.connected() && conn.equals(x.connectionId()), StormClient.SETTLE_WAIT));
      } catch (StoreException e) {
        finals.put(id, rig.store().get(id).orElseThrow());
      }
    }
    return finals;
  }

  /** The CPU time a process has used so far (zero where the OS does not say). */
  static Duration cpu(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
  }
}
