package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The connections scenario, against a real bridge in a child process ({@link BridgeUnderTest}, started with testkit's
 * {@code ChildJvm}) and real WebSockets on loopback (transport-netty's {@code FakeBrowser}), in four phases, each its
 * own class working on one {@link ConnectionsRig}:
 * <ol>
 *   <li>{@link ConnectionStorm}: {@code clients} threads, one session each, run {@code cyclesPerClient} connect /
 *       hello / welcome / close cycles each as fast as they can ({@link StormClient}). With {@code replaceStorms} one
 *       cycle in ten is a race: two sockets say hello for the session at once, the bridge replaces the one it attached
 *       first, whose close then comes late; the client waits for that late close in the store and checks the winner is
 *       still connected. With {@code abrupt} one cycle in ten drops the TCP connection without a close frame and waits
 *       for the store to record the disconnect. Meanwhile {@code silentClients} other clients say hello and then stop
 *       reading (no pongs): the bridge, pinging every {@value #PING_INTERVAL_MS} ms, must drop each with {@code
 *       heartbeat_timeout} after {@value #IDLE_TIMEOUT_MS} ms. Each storm client ends with a socket open or closed at
 *       random; the store must then agree with the live sockets and every history pass {@link
 *       ConnectionsHistoryChecker}. Optionally the bridge is killed with -9 and restarted during the storm; cycles a
 *       kill cuts short are retried;
 *   <li>{@link VisibilityProbe}: a {@link StoreWatcherMain} process awaits (store.await) each connection of a probe
 *       session: how long after the welcome another process sees it;
 *   <li>{@link RoundTrips}: {@code POST /api/v1/sessions/{id}/commands} to a connected scripted client and back;
 *   <li>{@link IdleConnections}: {@code idle} sockets opened and held, with the bridge's memory before and after.
 * </ol>
 * {@link ConnectionsPages} draws the result.
 */
final class ConnectionsScenario {

  /**
   * What to run. {@code 0} for probes, round trips, idle connections or silent clients skips them; a zero {@code
   * killBridgeEvery} never kills the bridge; a null {@code stateDir} runs in a fresh temporary folder, deleted after a
   * run that passed.
   */
  record Settings(int clients, int cyclesPerClient, boolean replaceStorms, boolean abrupt, int silentClients,
      Duration killBridgeEvery, int probes, int roundTrips, int idle, long seed, Path stateDir) {

    Settings {
      Objects.requireNonNull(killBridgeEvery, "killBridgeEvery");
      if (clients < 1 || cyclesPerClient < 1 || silentClients < 0 || probes < 0 || roundTrips < 0 || idle < 0
          || killBridgeEvery.isNegative()) {
        throw new IllegalArgumentException("clients and cycles must be positive, the rest not negative");
      }
    }

    /** Sized for a 2-core machine: about 30 s, every kind of cycle, no bridge kills. */
    static Settings defaults() {
      return new Settings(50, 200, true, true, 3, Duration.ZERO, 200, 2000, 1000, 1, null);
    }
  }

  /** How many violations a run keeps in words (every one is counted). */
  static final int VIOLATIONS_KEPT = 50;
  /** The child bridge's ping interval and idle timeout: short, so silent clients are dropped within the run. */
  static final long PING_INTERVAL_MS = 1000;
  static final long IDLE_TIMEOUT_MS = 3000;
  /** The longest any one step of the scenario may take (a process to start or stop, a session to be created, ...). */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Settings settings;
  private final PrintWriter status;
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final StormTally tally = new StormTally();

  ConnectionsScenario(Settings settings) {
    this(settings, new PrintWriter(System.err, true));
  }

  /** @param status where the phases say what they did (stderr; stdout is the summary's) */
  ConnectionsScenario(Settings settings, PrintWriter status) {
    this.settings = settings;
    this.status = status;
  }

  /** Runs every phase and checks; the result says what was found (nothing is thrown for a failed check). */
  ConnectionsRun run() throws Exception {
    StateFolder folder = StateFolder.of(settings.stateDir(), "connections");
    Path stateDir = folder.path();
    ConnectionStorm.Outcome storm;
    VisibilityProbe.Visibility visibility = VisibilityProbe.Visibility.NONE;
    long[] roundTrips = new long[0];
    ConnectionsRun.Idle idle = null;
    int bridgeExit;
    // Every client here comes from 127.0.0.1: the bridge's per-address limit is raised above all of them at once.
    int perAddress = settings.idle() + 2 * settings.clients() + settings.silentClients() + 1000;
    try (BridgeUnderTest bridge = new BridgeUnderTest(stateDir, perAddress);
        SessionStore store = SessionStores.open(stateDir);
        StoreObserver observer = new StoreObserver(store, stateDir)) {
      ConnectionsRig rig = new ConnectionsRig(settings, stateDir, store, observer, bridge, violations, status);
      bridge.start();
      storm = new ConnectionStorm(rig, tally).run();
      if (settings.probes() > 0) {
        visibility = Objects.requireNonNullElse(phase("visibility probes", new VisibilityProbe(rig)::run),
            visibility);
      }
      if (settings.roundTrips() > 0) {
        roundTrips = Objects.requireNonNullElse(phase("command round trips", new RoundTrips(rig)::run), roundTrips);
      }
      if (settings.idle() > 0) {
        idle = phase("idle connections", new IdleConnections(rig)::run);
      }
      bridgeExit = bridge.stop();
      if (bridgeExit != 0) {
        violations.add("the bridge exited with " + bridgeExit + ": " + bridge.stderrTail());
      }
    }
    ConnectionsRun run = result(storm, visibility, roundTrips, idle, bridgeExit);
    folder.cleanUp(run.passed(), status);
    return run;
  }

  private ConnectionsRun result(ConnectionStorm.Outcome storm, VisibilityProbe.Visibility visibility,
      long[] roundTrips, ConnectionsRun.Idle idle, int bridgeExit) {
    long cycles = tally.cycles.get();
    long total = (long) settings.clients() * settings.cyclesPerClient();
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("every client completed its cycles",
        tally.clientFailures.get() == 0 && cycles == total,
        cycles + " of " + total + " cycles, " + tally.clientFailures.get() + " client failures"));
    checks.add(Check.none("every session's final state matches its last event and the live sockets",
        tally.stateMismatches.get(), "mismatches"));
    checks.add(Check.none("no late close marked a newer connection disconnected", tally.lateCloseFlips.get(),
        "late closes did"));
    checks.add(Check.none("every session's history is complete (each connection ended; replaced before the next)",
        storm.incompleteHistories(), "sessions' histories incomplete"));
    if (settings.silentClients() > 0) {
      checks.add(new Check("every silent client was dropped with heartbeat_timeout",
          storm.silentTimedOut() == settings.silentClients(),
          storm.silentTimedOut() + " of " + settings.silentClients()));
    }
    if (settings.probes() > 0) {
      int seen = visibility.fromHello().length;
      checks.add(new Check("another process saw every probe connection", seen == settings.probes(),
          seen + " of " + settings.probes()));
    }
    if (settings.roundTrips() > 0) {
      checks.add(new Check("every command round trip was answered", roundTrips.length == settings.roundTrips(),
          roundTrips.length + " of " + settings.roundTrips()));
    }
    if (settings.idle() > 0) {
      long held = idle == null ? 0 : idle.held();
      checks.add(new Check("every idle connection was held", held == settings.idle(),
          held + " of " + settings.idle()));
    }
    checks.add(new Check("the bridge exited cleanly", bridgeExit == 0, "exit status " + bridgeExit));
    boolean passed = checks.stream().allMatch(Check::passed);
    long n = Math.max(1, cycles);
    List<String> kept;
    synchronized (violations) {
      kept = List.copyOf(violations.subList(0, Math.min(VIOLATIONS_KEPT, violations.size())));
    }
    return new ConnectionsRun(passed, settings.clients(), settings.cyclesPerClient(), cycles, storm.seconds(),
        cycles / storm.seconds(), storm.steadyCyclesPerSec(), settings.replaceStorms(), settings.abrupt(),
        tally.replacements.get(), tally.abruptDrops.get(), settings.silentClients(), storm.silentTimedOut(),
        storm.kills().size(), tally.cutByKill.get(), tally.stateMismatches.get(), tally.lateCloseFlips.get(),
        storm.incompleteHistories(), tally.clientFailures.get(),
        Latency.ofMicros(visibility.fromHello()), Latency.ofMicros(visibility.fromWelcome()),
        Latency.ofMicros(roundTrips), idle, storm.bridgeCpuMs() / n, storm.clientCpuMs() / n, settings.seed(),
        storm.timeline(), storm.kills(), checks, kept, HarnessMain.describeMachine(), visibility.fromHello());
  }

  /**
   * The winner of a race, once the store holds its end: the latest {@code connected W} of a welcomed socket, right
   * after {@code replaced L} (the bridge attached L first), followed by L's late {@code disconnected}. Null until then.
   * The rule {@link StormClient}'s race cycle waits for and then checks.
   */
  static String raceWinner(Session s, Set<String> welcomed) {
    List<SessionEvent> h = s.history();
    for (int i = h.size() - 1; i >= 1; i--) {
      SessionEvent e = h.get(i);
      if (!SessionEvent.CONNECTED.equals(e.type()) || !welcomed.contains(e.connectionId())) {
        continue;
      }
      SessionEvent before = h.get(i - 1);
      if (!SessionEvent.REPLACED.equals(before.type()) || Objects.equals(before.connectionId(), e.connectionId())) {
        return null;
      }
      for (int j = i + 1; j < h.size(); j++) {
        if (SessionEvent.DISCONNECTED.equals(h.get(j).type())
            && Objects.equals(before.connectionId(), h.get(j).connectionId())) {
          return e.connectionId();
        }
      }
      return null;
    }
    return null;
  }

  @FunctionalInterface
  private interface Phase<T> {
    T run() throws Exception;
  }

  /** Runs a phase after the storm; a failure is a violation (its check then fails) and the run goes on. */
  private <T> T phase(String name, Phase<T> phase) {
    try {
      return phase.run();
    } catch (Exception | AssertionError e) {
      violations.add(name + " failed: " + e);
      return null;
    }
  }
}
