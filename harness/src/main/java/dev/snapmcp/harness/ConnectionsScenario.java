package dev.snapmcp.harness;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StoreException;
import dev.snapmcp.testkit.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The connections scenario, against a real bridge in a child process (transport-netty's {@code ChildBridgeMain},
 * started with core's {@link ChildJvm}) and real WebSockets on loopback (transport-netty's {@link FakeBrowser}):
 * <ol>
 *   <li>storm: {@code clients} threads, one session each, run {@code cyclesPerClient} connect / hello / welcome / close
 *       cycles each as fast as they can. With {@code replaceStorms} one cycle in ten is a race: two sockets say hello
 *       for the session at once, the bridge replaces the one it attached first, whose close then comes late; the
 *       client waits for that late close in the store and checks the winner is still connected. With {@code abrupt}
 *       one cycle in ten drops the TCP connection without a close frame and waits for the store to record
 *       the disconnect. Meanwhile {@code silentClients} other clients say hello and then stop reading (no pongs): the
 *       bridge, pinging every {@value #PING_INTERVAL_MS} ms, must drop each with {@code heartbeat_timeout} after
 *       {@value #IDLE_TIMEOUT_MS} ms. Each storm client ends with a socket open or closed at random; the store must
 *       then agree with the live sockets and every history pass {@link ConnectionsHistoryChecker};
 *   <li>visibility: transport-netty's StoreWatcherMain process awaits (store.await) each connection of a probe session:
 *       how long after the welcome another process sees it;
 *   <li>command round trips: {@code POST /api/v1/sessions/{id}/commands} to a connected scripted client and back;
 *   <li>idle connections: {@code idle} sockets opened and held, with the bridge's memory before and after.
 * </ol>
 * Optionally the bridge is killed with -9 and restarted during the storm; cycles a kill cuts short are retried.
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

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Short enough that a client whose bridge was killed under it soon tries again. */
  private static final Duration WELCOME_WAIT = Duration.ofSeconds(10);
  /** How long the store may take to record what a cycle did. */
  private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);
  private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final Settings settings;
  private final PrintWriter status;
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Path stateDir;
  private SessionStore store;
  /** Serves the storm clients' waits for the store with one reader. */
  private StoreObserver observer;
  /** The bridge process now running and its port: a kill -9 during the storm replaces both. */
  private volatile ChildJvm bridge;
  private volatile int port;
  /** Odd while the bridge is being killed and restarted: a cycle that sees it change was cut short by a kill. */
  private final AtomicLong generation = new AtomicLong();

  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong replacements = new AtomicLong();
  private final AtomicLong abruptDrops = new AtomicLong();
  private final AtomicLong cutByKill = new AtomicLong();
  private final AtomicLong clientFailures = new AtomicLong();
  private final AtomicLong stateMismatches = new AtomicLong();
  private final AtomicLong lateCloseFlips = new AtomicLong();

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
    stateDir = folder.path();
    Storm storm;
    Visibility visibility = new Visibility(new long[0], new long[0]);
    long[] roundTrips = new long[0];
    ConnectionsRun.Idle idle = null;
    int bridgeExit;
    try (SessionStore opened = SessionStores.open(stateDir);
        StoreObserver watching = new StoreObserver(opened, stateDir)) {
      store = opened;
      observer = watching;
      startBridge();
      storm = storm();
      if (settings.probes() > 0) {
        visibility = Objects.requireNonNullElse(phase("visibility probes", this::probe), visibility);
      }
      if (settings.roundTrips() > 0) {
        roundTrips = Objects.requireNonNullElse(phase("command round trips", this::roundTrips), roundTrips);
      }
      if (settings.idle() > 0) {
        idle = phase("idle connections", this::idle);
      }
      bridge.stdin().close();
      bridgeExit = bridge.waitFor(WAIT);
      if (bridgeExit != 0) {
        violation("the bridge exited with " + bridgeExit + ": " + tail(bridge.stderrLines()));
      }
    } finally {
      if (bridge != null) {
        bridge.close();
      }
    }
    ConnectionsRun run = result(storm, visibility, roundTrips, idle, bridgeExit);
    folder.cleanUp(run.passed(), status);
    return run;
  }

  private ConnectionsRun result(Storm storm, Visibility visibility, long[] roundTrips, ConnectionsRun.Idle idle,
      int bridgeExit) {
    long total = (long) settings.clients() * settings.cyclesPerClient();
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("every client completed its cycles", clientFailures.get() == 0 && cycles.get() == total,
        cycles.get() + " of " + total + " cycles, " + clientFailures.get() + " client failures"));
    checks.add(Check.none("every session's final state matches its last event and the live sockets",
        stateMismatches.get(), "mismatches"));
    checks.add(Check.none("no late close marked a newer connection disconnected", lateCloseFlips.get(),
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
    long n = Math.max(1, cycles.get());
    List<String> kept;
    synchronized (violations) {
      kept = List.copyOf(violations.subList(0, Math.min(VIOLATIONS_KEPT, violations.size())));
    }
    return new ConnectionsRun(passed, settings.clients(), settings.cyclesPerClient(), cycles.get(), storm.seconds(),
        cycles.get() / storm.seconds(), storm.steadyCyclesPerSec(), settings.replaceStorms(), settings.abrupt(),
        replacements.get(),
        abruptDrops.get(), settings.silentClients(), storm.silentTimedOut(), storm.kills().size(), cutByKill.get(),
        stateMismatches.get(), lateCloseFlips.get(), storm.incompleteHistories(), clientFailures.get(),
        Latency.ofMicros(visibility.fromHello()), Latency.ofMicros(visibility.fromWelcome()),
        Latency.ofMicros(roundTrips), idle, storm.bridgeCpuMs() / n,
        storm.clientCpuMs() / n, settings.seed(), storm.timeline(), storm.kills(), checks, kept,
        HarnessMain.describeMachine(),
        visibility.fromHello());
  }

  // ------------------------------------------------------------------------------------------ bridge

  private void startBridge() {
    // transport-netty's bridge process; the per-address limit raised: every client here comes from 127.0.0.1.
    int perAddress = settings.idle() + 2 * settings.clients() + settings.silentClients() + 1000;
    ChildJvm started = ChildJvm.builder(BridgeProcessMain.class).name("bridge")
        .jvmArgs("-Xmx512m").args(stateDir.toString(), Integer.toString(perAddress),
            Long.toString(PING_INTERVAL_MS), Long.toString(IDLE_TIMEOUT_MS)).start();
    bridge = started;
    port = Integer.parseInt(started.awaitLine(l -> l.startsWith("port "), WAIT).substring(5));
  }

  // ------------------------------------------------------------------------------------------ storm

  /** What the storm found beyond the counters. */
  private record Storm(double seconds, double steadyCyclesPerSec, long incompleteHistories, int silentTimedOut,
      List<Double> kills,
      List<ConnectionsRun.Point> timeline, double bridgeCpuMs, double clientCpuMs) {}

  /** The cycle was cut short by a bridge kill: retried. */
  private static final class CutByKill extends RuntimeException {
    CutByKill() {
      super("cut short by a bridge kill", null, false, false);
    }
  }

  private Storm storm() throws Exception {
    boolean killing = !settings.killBridgeEvery().isZero();
    List<NewSession> sessions = createSessions(settings.clients());
    List<NewSession> silentSessions = createSessions(settings.silentClients());
    Map<String, String> silent = new LinkedHashMap<>();
    List<FakeBrowser> frozen = new ArrayList<>();
    for (NewSession s : silentSessions) {
      Connected c = connect(s);
      c.browser().freeze(); // a hung tab: no pongs from now on
      frozen.add(c.browser());
      silent.put(s.session().id(), c.connection());
    }
    Map<String, String> live = new ConcurrentHashMap<>();
    long total = (long) settings.clients() * settings.cyclesPerClient();
    CountDownLatch finished = new CountDownLatch(sessions.size());
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), named("connections-client"));
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
          return client(s, random, live);
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
          generation.incrementAndGet(); // odd: cycles from now on are cut short
          bridge.kill(); // kill -9 in the middle of the storm
          kills.add((now - begin) / 1e9);
          startBridge();
          bridgePid = bridge.pid();
          bridgeCpuBefore = cpu(bridgePid);
          generation.incrementAndGet(); // even again: the new bridge listens
          nextKill = System.nanoTime() + settings.killBridgeEvery().toNanos();
        }
        if (now >= nextSample || finished.getCount() == 0) {
          long c = cycles.get();
          timeline.add(new ConnectionsRun.Point((now - begin) / 1e9, (c - lastCycles) / ((now - lastAt) / 1e9)));
          cumulative.add(new double[] {(now - begin) / 1e9, c});
          lastCycles = c;
          lastAt = now;
          nextSample = now + SAMPLE_EVERY_NANOS;
        }
        progress.doneSoFar(cycles.get());
        progress.note(String.format(Locale.ROOT, " raced %d, dropped %d%s%s", replacements.get(), abruptDrops.get(),
            killing ? ", kills " + kills.size() : "", clientFailures.get() > 0 ? ", FAILURES "
                + clientFailures.get() : ""));
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    double[] half = cumulative.stream().filter(p -> p[0] >= seconds / 2).findFirst()
        .orElse(new double[] {0, 0});
    double steady = seconds - half[0] < seconds / 4 ? cycles.get() / seconds // too short to have a second half
        : (cycles.get() - half[1]) / (seconds - half[0]);
    double bridgeCpuMs = cpu(bridgePid).minus(bridgeCpuBefore).plus(deadBridgesCpu).toNanos() / 1e6;
    double clientCpuMs = cpu(ProcessHandle.current().pid()).minus(clientCpuBefore).toNanos() / 1e6;
    List<FakeBrowser> kept = new ArrayList<>();
    for (Future<FakeBrowser> f : clients) {
      FakeBrowser b = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (b != null) {
        kept.add(b);
      }
    }
    pool.shutdown();
    say("storm: %d cycles in %.1f s (%.0f/s), %d races, %d abrupt drops, %d bridge kills, %d sockets kept open",
        cycles.get(), seconds, cycles.get() / seconds, replacements.get(), abruptDrops.get(), kills.size(),
        kept.size());
    try {
      int silentTimedOut = checkSilent(silent, !kills.isEmpty());
      Map<String, Session> finals = settle(sessions, live);
      for (NewSession s : silentSessions) {
        finals.put(s.session().id(), store.get(s.session().id()).orElseThrow());
      }
      ConnectionsHistoryChecker.Outcome outcome = ConnectionsHistoryChecker.check(finals, live);
      stateMismatches.addAndGet(outcome.stateMismatches());
      lateCloseFlips.addAndGet(outcome.lateCloseFlips());
      outcome.violations().forEach(this::violation);
      say("checked %d sessions: %d state mismatches, %d late-close flips, %d incomplete histories",
          finals.size(), stateMismatches.get(), lateCloseFlips.get(), outcome.incompleteHistories());
      return new Storm(seconds, steady, outcome.incompleteHistories(), silentTimedOut, kills, timeline, bridgeCpuMs,
          clientCpuMs);
    } finally {
      kept.forEach(FakeBrowser::close);
      frozen.forEach(FakeBrowser::abort);
    }
  }

  /** One storm client: its cycles, then a socket kept open (returned) or not, at random. */
  private FakeBrowser client(NewSession s, Random random, Map<String, String> live) throws InterruptedException {
    String id = s.session().id();
    int done = 0;
    while (done < settings.cyclesPerClient()) {
      long gen = generation.get();
      if ((gen & 1) == 1) {
        TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
        continue;
      }
      int roll = random.nextInt(20);
      try {
        if (settings.replaceStorms() && roll < 2) {
          raceCycle(s, gen);
          replacements.incrementAndGet();
        } else if (settings.abrupt() && roll >= 2 && roll < 4) {
          abruptCycle(s, gen);
          abruptDrops.incrementAndGet();
        } else {
          Connected c = connect(s);
          c.browser().close();
        }
        done++;
        cycles.incrementAndGet();
      } catch (RuntimeException | AssertionError e) {
        if (generation.get() != gen) {
          cutByKill.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
          continue;
        }
        clientFailures.incrementAndGet();
        violation("client of " + id + " failed in cycle " + (done + 1) + ": " + e);
        return null; // one failure per client: what follows would only repeat it
      }
    }
    if (!random.nextBoolean()) {
      return null;
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long gen = generation.get();
      try {
        Connected kept = connect(s);
        live.put(id, kept.connection());
        return kept.browser();
      } catch (RuntimeException | AssertionError e) {
        if (generation.get() == gen || System.nanoTime() > deadline) {
          clientFailures.incrementAndGet();
          violation("client of " + id + " could not open its last socket: " + e);
          return null;
        }
        TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
      }
    }
  }

  /**
   * Two sockets say hello for one session at once. The bridge attaches them in some order and closes the first
   * ("replaced"), which may or may not have had its welcome. Once the store holds that late close, the winner must
   * still be the session's connected connection: a late close must not mark it disconnected.
   */
  private void raceCycle(NewSession s, long gen) {
    String id = s.session().id();
    FakeBrowser a = FakeBrowser.to(port).connect();
    FakeBrowser b = null;
    try {
      b = FakeBrowser.to(port).connect();
      a.hello(id, s.token());
      b.hello(id, s.token());
      String ca = welcomedConnection(a);
      String cb = welcomedConnection(b);
      if (ca == null && cb == null) {
        throw new IllegalStateException("neither socket of a race was welcomed: " + a.frames() + " / " + b.frames());
      }
      Set<String> welcomed = new LinkedHashSet<>();
      if (ca != null) {
        welcomed.add(ca);
      }
      if (cb != null) {
        welcomed.add(cb);
      }
      Session settled = awaitStore(id, x -> raceWinner(x, welcomed) != null, gen,
          "the race's late close was not recorded");
      String winner = raceWinner(settled, welcomed);
      if (!settled.connected() || !winner.equals(settled.connectionId())) {
        lateCloseFlips.incrementAndGet();
        violation(id + ": the late close of the replaced socket left the session connected=" + settled.connected()
            + " with " + settled.connectionId() + " although " + winner + " won the race and is open; history "
            + settled.history());
      }
      FakeBrowser winnerSocket = winner.equals(ca) ? a : b;
      if (winnerSocket.isClosed()) {
        throw new IllegalStateException("the bridge closed the race's winner " + winner + ": " + winnerSocket.frames());
      }
    } finally {
      a.close();
      if (b != null) {
        b.close();
      }
    }
  }

  /**
   * The winner of a race, once the store holds its end: the latest {@code connected W} of a welcomed socket, right
   * after {@code replaced L} (the bridge attached L first), followed by L's late {@code disconnected}. Null until then.
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

  /** The welcome's connection id, or null when the bridge closed the socket without one (it lost a race). */
  private static String welcomedConnection(FakeBrowser b) {
    try {
      return b.awaitFrame("welcome", WELCOME_WAIT).get("connection").asString();
    } catch (AssertionError e) {
      if (b.isClosed()) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Connects, then drops the TCP connection without a close frame (a crashed tab); the bridge must notice and the store
   * record the disconnect, leaving the session disconnected.
   */
  private void abruptCycle(NewSession s, long gen) {
    String id = s.session().id();
    Connected c = connect(s);
    c.browser().abort();
    Session after = awaitStore(id, x -> ended(x, c.connection()), gen,
        "the abrupt drop of " + c.connection() + " was not recorded");
    if (after.connected() && c.connection().equals(after.connectionId())) {
      stateMismatches.incrementAndGet();
      violation(id + ": the drop of " + c.connection() + " is in the history but the session still says connected;"
          + " history " + after.history());
    }
  }

  private static boolean ended(Session s, String connection) {
    return s.history().stream().anyMatch(e -> connection.equals(e.connectionId())
        && (SessionEvent.DISCONNECTED.equals(e.type()) || SessionEvent.REPLACED.equals(e.type())));
  }

  /**
   * Waits until the store shows {@code condition} for the session. A bridge kill meanwhile cuts the cycle short; a
   * timeout otherwise is a state mismatch (the store never recorded what the bridge saw) and fails the client.
   */
  private Session awaitStore(String id, Predicate<Session> condition, long gen, String what) {
    Session s;
    try {
      s = observer.await(id, x -> condition.test(x) || generation.get() != gen, SETTLE_WAIT);
    } catch (TimeoutException e) {
      if (generation.get() != gen) {
        throw new CutByKill();
      }
      stateMismatches.incrementAndGet();
      throw new IllegalStateException(what + " within " + SETTLE_WAIT.toSeconds() + " s: "
          + store.get(id).map(Session::history).orElse(List.of()));
    }
    if (generation.get() != gen) {
      throw new CutByKill();
    }
    return s;
  }

  /** Every silent client's session must end disconnected with heartbeat_timeout (bridge_restarted after a kill). */
  private int checkSilent(Map<String, String> silent, boolean killed) {
    int timedOut = 0;
    for (Map.Entry<String, String> e : silent.entrySet()) {
      String id = e.getKey();
      String conn = e.getValue();
      Session s;
      try {
        s = store.await(id, x -> ended(x, conn), Duration.ofMillis(IDLE_TIMEOUT_MS).plus(SETTLE_WAIT));
      } catch (StoreException ex) {
        violation(id + ": the silent client's connection " + conn + " was not dropped within "
            + (IDLE_TIMEOUT_MS / 1000 + SETTLE_WAIT.toSeconds()) + " s: " + ex.getMessage());
        continue;
      }
      SessionEvent end = s.history().stream().filter(x -> conn.equals(x.connectionId())
          && SessionEvent.DISCONNECTED.equals(x.type())).findFirst().orElse(null);
      String reason = end == null ? null : end.reason();
      boolean expected = "heartbeat_timeout".equals(reason) || killed && "bridge_restarted".equals(reason);
      if (expected && !s.connected()) {
        timedOut++;
      } else {
        violation(id + ": the silent client's connection " + conn + " ended with " + (end == null ? "no disconnect"
            : "reason " + reason) + ", connected=" + s.connected() + "; expected heartbeat_timeout; history "
            + s.history());
      }
    }
    if (!silent.isEmpty()) {
      say("silent clients: %d of %d dropped with heartbeat_timeout", timedOut, silent.size());
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
        finals.put(id, store.await(id, x -> conn == null ? !x.connected()
            : x.connected() && conn.equals(x.connectionId()), SETTLE_WAIT));
      } catch (StoreException e) {
        finals.put(id, store.get(id).orElseThrow());
      }
    }
    return finals;
  }

  /** A welcomed socket; {@code helloAt} just before the hello was sent, {@code welcomedAt} once the welcome came. */
  private record Connected(FakeBrowser browser, String connection, Instant helloAt, Instant welcomedAt) {}

  private Connected connect(NewSession s) {
    FakeBrowser b = FakeBrowser.to(port).connect();
    try {
      Instant helloAt = Instant.now();
      b.hello(s.session().id(), s.token());
      JsonNode welcome = b.awaitFrame("welcome", WELCOME_WAIT);
      return new Connected(b, welcome.get("connection").asString(), helloAt, Instant.now());
    } catch (RuntimeException | AssertionError e) {
      b.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------ visibility

  /**
   * Microseconds until another process saw the session connected: from the hello sent (the bridge's checks, its
   * commit, the other process noticing), and from the welcome received (0 when the other process saw it first).
   */
  private record Visibility(long[] fromHello, long[] fromWelcome) {}

  private Visibility probe() throws Exception {
    NewSession probe = createSessions(1).get(0);
    String id = probe.session().id();
    List<Long> fromHello = new ArrayList<>();
    List<Long> fromWelcome = new ArrayList<>();
    // transport-netty's watcher process: for each session id on its stdin it prints "watching ID", waits with
    // store.await until the session is connected, and prints "connected ID EPOCH_MICROS".
    try (ChildJvm watcher = ChildJvm.builder(StoreWatcherMain.class).name("store-watcher")
        .args(stateDir.toString()).start()) {
      for (int i = 0; i < settings.probes(); i++) {
        watcher.stdin().write((id + "\n").getBytes(StandardCharsets.UTF_8));
        watcher.stdin().flush();
        watcher.awaitLine(nth(i + 1, "watching " + id), WAIT);
        Connected c = connect(probe);
        String seen = watcher.awaitLine(nth(i + 1, "connected " + id + " "), WAIT);
        long seenMicros = Long.parseLong(seen.split(" ")[2]);
        fromHello.add(Math.max(0, seenMicros - micros(c.helloAt())));
        fromWelcome.add(Math.max(0, seenMicros - micros(c.welcomedAt()))); // the store may be ahead of the welcome
        c.browser().close();
        store.await(id, s -> !s.connected(), WAIT);
      }
      watcher.stdin().close();
      watcher.waitFor(WAIT);
    }
    Visibility v = new Visibility(fromHello.stream().mapToLong(Long::longValue).toArray(),
        fromWelcome.stream().mapToLong(Long::longValue).toArray());
    Latency h = Latency.ofMicros(v.fromHello());
    Latency w = Latency.ofMicros(v.fromWelcome());
    say("visibility: %d connections seen by another process; from the hello p50 %.2f ms, p99 %.2f ms; from the"
        + " welcome p50 %.2f ms, p99 %.2f ms", h.count(), h.p50(), h.p99(), w.p50(), w.p99());
    return v;
  }

  // ------------------------------------------------------------------------------------------ round trips

  /** Microseconds per command round trip, control API -> WebSocket -> client -> back. */
  private long[] roundTrips() throws Exception {
    NewSession target = createSessions(1).get(0);
    String token = Files.readString(stateDir.resolve("bridge.token")).trim();
    try (FakeBrowser browser = FakeBrowser.to(port)
        .responder((op, args) -> FakeBrowser.Reply.value(Map.of("echo", op))).connect()) {
      browser.hello(target.session().id(), target.token()).awaitFrame("welcome", WAIT);
      HttpRequest request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/sessions/" + target.session().id() + "/commands"))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"op\":\"status\",\"args\":{},\"timeoutMs\":5000}"))
          .timeout(WAIT)
          .build();
      int warmup = Math.max(10, settings.roundTrips() / 4);
      long[] micros = new long[settings.roundTrips()];
      for (int i = -warmup; i < settings.roundTrips(); i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200 || !Json.mapper().readTree(r.body()).path("ok").asBoolean()) {
          violation("command round trip failed: HTTP " + r.statusCode() + " " + r.body());
          return java.util.Arrays.copyOf(micros, Math.max(0, i));
        }
        if (i >= 0) {
          micros[i] = t / 1000;
        }
      }
      Latency l = Latency.ofMicros(micros);
      say("round trips: %d, p50 %.3f ms, p99 %.3f ms", l.count(), l.p50(), l.p99());
      return micros;
    }
  }

  // ------------------------------------------------------------------------------------------ idle

  private ConnectionsRun.Idle idle() throws Exception {
    long bridgePid = bridge.pid();
    List<NewSession> sessions = createSessions(settings.idle());
    long rssBefore = rssKb(bridgePid);
    long heapBefore = liveHeapKb(bridgePid);
    List<FakeBrowser> open = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(16, named("idle-client"));
    CountDownLatch all = new CountDownLatch(sessions.size());
    for (NewSession s : sessions) {
      pool.execute(() -> {
        try {
          open.add(connect(s).browser());
        } catch (RuntimeException | AssertionError e) {
          failures.add(e.toString());
        } finally {
          all.countDown();
        }
      });
    }
    if (!all.await(5, TimeUnit.MINUTES)) {
      violation("idle connections: not all " + sessions.size() + " opened within 5 minutes");
    }
    pool.shutdown();
    try {
      // Held: after a while (the bridge pings, nothing else happens) every socket must still be open.
      TimeUnit.MILLISECONDS.sleep(IDLE_TIMEOUT_MS); // part of the measurement: holding, not synchronising
      long held = open.stream().filter(b -> !b.isClosed()).count();
      long rssAfter = rssKb(bridgePid);
      long heapAfter = liveHeapKb(bridgePid);
      JsonNode health = health();
      failures.stream().limit(5).forEach(f -> violation("idle client failed: " + f));
      say("idle: %d of %d held, bridge RSS %.0f -> %.0f MiB", held, sessions.size(), rssBefore / 1024.0,
          rssAfter / 1024.0);
      boolean heap = heapBefore >= 0 && heapAfter >= 0;
      return new ConnectionsRun.Idle(settings.idle(), held, health.path("connections").asLong(), rssBefore / 1024.0,
          rssAfter / 1024.0, held == 0 ? 0 : (rssAfter - rssBefore) / (double) held,
          heap ? heapBefore / 1024.0 : -1, heap ? heapAfter / 1024.0 : -1,
          heap && held > 0 ? (heapAfter - heapBefore) / (double) held : -1);
    } finally {
      open.forEach(FakeBrowser::close);
    }
  }

  private JsonNode health() throws IOException, InterruptedException {
    String token = Files.readString(stateDir.resolve("bridge.token")).trim();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/health")).header("Authorization", "Bearer " + token).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  // ------------------------------------------------------------------------------------------ the page

  /**
   * Adds the connections sections to {@code page}: the checks, the figures, cycles per second over the storm (bridge
   * kills marked), the visibility-latency histogram, and the violations. The {@code connections} command puts a
   * verdict above them; {@code all} composes them with the other scenarios' sections.
   */
  static HtmlPage addSections(HtmlPage page, ConnectionsRun run) {
    page.heading("Connections: " + run.clients() + " clients × " + run.cyclesPerClient()
            + " cycles against a real bridge process")
        .paragraph("Each client connects, says hello, waits for the welcome and closes, as fast as it can"
            + (run.replaceStorms() ? "; one cycle in ten races two sockets for its session (the bridge replaces"
                + " one, whose close comes late)" : "")
            + (run.abrupt() ? "; one in ten drops the TCP connection without a close frame" : "")
            + (run.silentClients() > 0 ? "; " + run.silentClients() + " more clients stop answering pings" : "")
            + ". Then every session's state and history in the store are checked against what the clients saw.")
        .checks(run.checks())
        .table(List.of("figure", "value"), figures(run));
    List<double[]> points = run.timeline().stream().map(p -> new double[] {p.atSeconds(), p.cyclesPerSec()})
        .toList();
    List<Charts.Marker> markers = run.bridgeKillsAtSeconds().stream()
        .map(t -> new Charts.Marker(t, "bridge killed with -9 and restarted")).toList();
    page.chart(Charts.timeline(Map.of("cycles/s", points), markers, "cycles/s"),
        "Connect/hello/close cycles per second over the storm, all clients together"
            + (markers.isEmpty() ? "." : "; red lines: the bridge killed with -9 and restarted."));
    if (run.visibilityMicros().length > 0) {
      page.chart(Charts.latencyHistogram(Map.of("hello → another process sees it", run.visibilityMicros())),
          "How long after its hello another process (awaiting the store) saw a connection, "
              + run.visibilityLatencyMs().count() + " probes: share of probes per latency bucket.");
    }
    if (!run.violations().isEmpty()) {
      page.heading("Violations").list(run.violations());
    }
    return page;
  }

  /** The figures as rows of (name, value with unit), for the page and the command's summary. */
  static List<List<String>> figures(ConnectionsRun run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("cycles completed", HtmlPage.fmt(run.cycles()) + " of " + run.clients() * (long) run.cyclesPerClient()
        + " (" + run.clients() + " clients × " + run.cyclesPerClient() + ")"));
    rows.add(row("cycles per second", HtmlPage.fmt(Math.round(run.cyclesPerSec())) + " /s over "
        + HtmlPage.fmt(run.seconds()) + " s (second half, JVMs warm: " + HtmlPage.fmt(Math.round(
        run.steadyCyclesPerSec())) + " /s)"));
    rows.add(row("races (replacements)", HtmlPage.fmt(run.replacements())));
    rows.add(row("abrupt drops (no close frame)", HtmlPage.fmt(run.abruptDrops())));
    rows.add(row("silent clients dropped with heartbeat_timeout", run.silentClientsTimedOut() + " of "
        + run.silentClients()));
    if (run.bridgeKills() > 0) {
      rows.add(row("bridge killed with -9 and restarted", HtmlPage.fmt(run.bridgeKills())));
      rows.add(row("cycles cut short by a kill (retried)", HtmlPage.fmt(run.cyclesCutByKill())));
    }
    rows.add(row("state mismatches", HtmlPage.fmt(run.stateMismatches())));
    rows.add(row("late-close flips", HtmlPage.fmt(run.lateCloseFlips())));
    rows.add(row("incomplete histories", HtmlPage.fmt(run.incompleteHistories())));
    rows.add(row("client failures", HtmlPage.fmt(run.clientFailures())));
    rows.add(row("bridge CPU time per cycle", HtmlPage.fmt(run.bridgeCpuMsPerCycle()) + " ms"));
    rows.add(row("clients' CPU time per cycle", HtmlPage.fmt(run.clientCpuMsPerCycle()) + " ms"));
    if (run.visibilityLatencyMs().count() > 0) {
      rows.add(row("hello -> another process sees it connected (p50 / p99 / max)",
          latency(run.visibilityLatencyMs())));
      rows.add(row("welcome -> another process sees it connected (p50 / p99 / max)",
          latency(run.welcomeToVisibleMs())));
    }
    if (run.roundTripLatencyMs().count() > 0) {
      rows.add(row("command round trip (p50 / p99 / max)", latency(run.roundTripLatencyMs())));
    }
    ConnectionsRun.Idle idle = run.idle();
    if (idle != null) {
      rows.add(row("idle connections held", idle.held() + " of " + idle.connections()));
      rows.add(row("bridge resident memory: before / holding them", HtmlPage.fmt(idle.rssBeforeMiB()) + " / "
          + HtmlPage.fmt(idle.rssHoldingMiB()) + " MiB (" + HtmlPage.fmt(idle.rssKiBPerConnection())
          + " KiB per connection)"));
      if (idle.liveHeapBeforeMiB() >= 0) {
        rows.add(row("bridge live heap: before / holding them", HtmlPage.fmt(idle.liveHeapBeforeMiB()) + " / "
            + HtmlPage.fmt(idle.liveHeapHoldingMiB()) + " MiB (" + HtmlPage.fmt(idle.liveHeapKiBPerConnection())
            + " KiB per connection)"));
      }
    }
    rows.add(row("machine", run.machine()));
    return rows;
  }

  private static List<String> row(String name, String value) {
    return List.of(name, value);
  }

  private static String latency(Latency l) {
    return HtmlPage.fmt(l.p50()) + " / " + HtmlPage.fmt(l.p99()) + " / " + HtmlPage.fmt(l.max()) + " ms ("
        + l.count() + ")";
  }

  // ------------------------------------------------------------------------------------------ helpers

  @FunctionalInterface
  private interface Phase<T> {
    T run() throws Exception;
  }

  /** Runs a phase after the storm; a failure is a violation (its check then fails) and the run goes on. */
  private <T> T phase(String name, Phase<T> phase) {
    try {
      return phase.run();
    } catch (Exception | AssertionError e) {
      violation(name + " failed: " + e);
      return null;
    }
  }

  private void violation(String v) {
    violations.add(v);
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** Matches the {@code n}-th line starting with {@code prefix} (awaitLine looks at each line once, in order). */
  private static Predicate<String> nth(int n, String prefix) {
    int[] count = {0};
    return line -> line.startsWith(prefix) && ++count[0] == n;
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  /** The CPU time a process has used so far (zero where the OS does not say). */
  static Duration cpu(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  /**
   * The live heap of a JVM: {@code jcmd PID GC.run}, then the used sizes {@code jcmd PID GC.heap_info} reports for its
   * generations. -1 when jcmd is not there or answers otherwise.
   */
  static long liveHeapKb(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    try {
      run(jcmd.toString(), Long.toString(pid), "GC.run");
      long used = 0;
      boolean found = false;
      java.util.regex.Pattern p = java.util.regex.Pattern.compile("(generation|heap)\\s+total \\d+K, used (\\d+)K");
      for (String line : run(jcmd.toString(), Long.toString(pid), "GC.heap_info")) {
        java.util.regex.Matcher m = p.matcher(line);
        if (m.find()) {
          used += Long.parseLong(m.group(2));
          found = true;
        }
      }
      return found ? used : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static List<String> run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within " + WAIT);
    }
    return lines;
  }

  /** The resident set of a process, from /proc (Linux); 0 where there is none. */
  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: the figure reads 0
    }
    return 0;
  }

  /** Creates sessions from 8 threads, so their commits share the store's group commit. */
  private List<NewSession> createSessions(int n) throws Exception {
    if (n == 0) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(8, named("create-session"));
    try {
      List<Future<NewSession>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> store.create(Duration.ofHours(2))));
      }
      List<NewSession> out = new ArrayList<>();
      for (Future<NewSession> f : futures) {
        out.add(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void say(String format, Object... args) {
    status.printf(Locale.ROOT, format + "%n", args);
    status.flush();
  }
}
