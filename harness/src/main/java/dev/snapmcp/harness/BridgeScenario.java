package dev.snapmcp.harness;

import dev.snapmcp.bridge.testing.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StoreException;
import dev.snapmcp.core.testing.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The bridge scenario, against a real bridge in a child process and real WebSockets on loopback (transport-netty's
 * {@link FakeBrowser}):
 * <ol>
 *   <li>storm: {@code clients} threads, one session each, connect / hello / welcome / close as fast as they can; one
 *       cycle in ten opens a second socket for the same session first (the bridge replaces the older one, whose close
 *       then comes late). Each client ends with its socket open or closed at random. The store must then agree with
 *       the live sockets and every session's history must be consistent ({@link BridgeHistoryChecker});
 *   <li>welcome to another process: transport-netty's StoreWatcherMain process awaits (store.await) each connection of a
 *       probe session;
 *   <li>command round trip: {@code POST /api/v1/sessions/{id}/commands} to a connected scripted client and back;
 *   <li>idle connections: {@code idle} sockets opened and held, with the bridge's resident memory before and after.
 * </ol>
 */
final class BridgeScenario {

  record Settings(int clients, Duration storm, Duration killBridgeEvery, int probes, int roundTrips, int idle,
      Duration statusEvery, long seed, Path reportDir) {

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("stormSeconds", storm.toMillis() / 1000.0);
      m.put("killBridgeEverySeconds", killBridgeEvery.toMillis() / 1000.0);
      m.put("probes", probes);
      m.put("roundTrips", roundTrips);
      m.put("idleConnections", idle);
      m.put("seed", seed);
      return m;
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Short enough that a client whose bridge was killed under it soon tries again. */
  private static final Duration WELCOME_WAIT = Duration.ofSeconds(10);

  private final Settings settings;
  private final PrintWriter status;
  private final Path stateDir;
  private final List<String> violations = new ArrayList<>();
  private final List<Report.Figure> figures = new ArrayList<>();
  private final List<Report.Sample> timeline = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The bridge process now running and its port: a kill -9 during the storm replaces both. */
  private volatile ChildJvm bridge;
  private volatile int port;

  BridgeScenario(Settings settings, PrintWriter status) {
    this.settings = settings;
    this.status = status;
    this.stateDir = settings.reportDir().resolve("state");
  }

  Report run() throws Exception {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    try (SessionStore store = SessionStores.open(stateDir)) {
      startBridge();
      storm(store);
      probe(store, port);
      roundTrips(store, port);
      idle(store, port, bridge.pid());
      bridge.stdin().close();
      int code = bridge.waitFor(WAIT);
      if (code != 0) {
        violations.add("the bridge exited with " + code + ": " + bridge.stderr());
      }
    } finally {
      if (bridge != null) {
        bridge.close();
      }
    }
    return new Report("bridge", violations.isEmpty(), startedAt, (System.nanoTime() - start) / 1e9,
        settings.asMap(), figures, violations, timeline, Report.describeMachine());
  }

  // ------------------------------------------------------------------------------------------ storm

  private void startBridge() {
    // transport-netty's bridge process; the per-address limit raised: every client here comes from 127.0.0.1.
    ChildJvm started = ChildJvm.builder("dev.snapmcp.bridge.ChildBridgeMain").name("bridge")
        .jvmArgs("-Xmx512m").args(stateDir.toString(), Integer.toString(settings.idle() + 1000)).start();
    bridge = started;
    port = Integer.parseInt(started.awaitLine(l -> l.startsWith("port "), WAIT).substring(5));
    say("bridge pid %d on 127.0.0.1:%d", started.pid(), port);
  }

  private void storm(SessionStore store) throws Exception {
    boolean killing = !settings.killBridgeEvery().isZero();
    AtomicLong interrupted = new AtomicLong();
    int bridgeKills = 0;
    List<NewSession> sessions = createSessions(store, settings.clients());
    Map<String, String> live = new ConcurrentHashMap<>();
    AtomicLong cycles = new AtomicLong();
    AtomicLong replacements = new AtomicLong();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long stormEnd = System.nanoTime() + settings.storm().toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), named("storm-client"));
    List<Future<?>> done = new ArrayList<>();
    long begin = System.nanoTime();
    long bridgePid = bridge.pid();
    Duration bridgeCpuBefore = cpu(bridgePid);
    Duration clientCpuBefore = cpu(ProcessHandle.current().pid());
    for (int i = 0; i < sessions.size(); i++) {
      NewSession s = sessions.get(i);
      Random random = new Random(settings.seed() + i);
      done.add(pool.submit(() -> {
        FakeBrowser last = null;
        try {
          while (System.nanoTime() < stormEnd) {
            try {
              Connected first = connect(port, s);
              if (random.nextInt(10) == 0) {
                Connected second = connect(port, s); // the bridge closes `first` with "replaced"
                first.browser().close(); // ...and this close comes late
                replacements.incrementAndGet();
                first = second;
              }
              first.browser().close();
              cycles.incrementAndGet();
            } catch (RuntimeException | AssertionError e) {
              if (!killing) {
                throw e;
              }
              interrupted.incrementAndGet(); // the bridge was killed under this cycle: try again shortly
              TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
            }
          }
          if (random.nextBoolean()) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (last == null) {
              try {
                Connected kept = connect(port, s);
                last = kept.browser();
                live.put(s.session().id(), kept.connection());
              } catch (RuntimeException | AssertionError e) {
                if (!killing || System.nanoTime() > deadline) {
                  throw e;
                }
                TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
              }
            }
          }
        } catch (RuntimeException | AssertionError e) {
          failures.add(s.session().id() + ": " + e);
        }
        return last;
      }));
    }
    long nextStatus = begin + settings.statusEvery().toNanos();
    long nextKill = killing ? begin + settings.killBridgeEvery().toNanos() : Long.MAX_VALUE;
    long lastCycles = 0;
    long lastAt = begin;
    String note = null;
    Duration deadBridgesCpu = Duration.ZERO;
    while (System.nanoTime() < stormEnd) {
      long wake = Math.min(Math.min(nextStatus, nextKill), stormEnd);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, wake - System.nanoTime())); // pacing status and kills
      long now = System.nanoTime();
      if (now >= nextKill && now < stormEnd) {
        deadBridgesCpu = deadBridgesCpu.plus(cpu(bridge.pid()).minus(bridgeCpuBefore));
        bridge.kill(); // kill -9 in the middle of the storm
        bridgeKills++;
        note = "bridge killed";
        startBridge();
        bridgePid = bridge.pid();
        bridgeCpuBefore = cpu(bridgePid);
        nextKill += settings.killBridgeEvery().toNanos();
      }
      if (now >= nextStatus || now >= stormEnd) {
        long c = cycles.get();
        double rate = (c - lastCycles) / ((now - lastAt) / 1e9);
        timeline.add(new Report.Sample((now - begin) / 1e9, rate, note));
        say("[%6.1f s] storm: cycles %d (%.0f/s), replacements %d, bridge kills %d, cycles cut by a kill %d,"
            + " failures %d", (now - begin) / 1e9, c, rate, replacements.get(), bridgeKills, interrupted.get(),
            failures.size());
        lastCycles = c;
        lastAt = now;
        note = null;
        nextStatus += settings.statusEvery().toNanos();
      }
    }
    List<FakeBrowser> kept = new ArrayList<>();
    for (Future<?> f : done) {
      Object b = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (b != null) {
        kept.add((FakeBrowser) b);
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    double bridgeCpuMs = cpu(bridgePid).minus(bridgeCpuBefore).plus(deadBridgesCpu).toNanos() / 1e6;
    double clientCpuMs = cpu(ProcessHandle.current().pid()).minus(clientCpuBefore).toNanos() / 1e6;
    pool.shutdown();
    failures.stream().limit(10).forEach(f -> violations.add("storm client failed: " + f));
    figures.add(Report.Figure.withTarget("connect/hello/close cycles per second, " + settings.clients() + " clients",
        cycles.get() / seconds, "1/s", ">= 1000"));
    figures.add(Report.Figure.of("storm cycles", cycles.get(), "cycles"));
    // CPU time per cycle does not depend on how busy the machine is: it says what the cycle rate could be with the
    // cores to itself (the bridge and the clients share the machine's cores in this run).
    long n = Math.max(1, cycles.get());
    figures.add(Report.Figure.of("bridge CPU time per cycle", bridgeCpuMs / n, "ms"));
    figures.add(Report.Figure.of("clients' CPU time per cycle (this process)", clientCpuMs / n, "ms"));
    figures.add(Report.Figure.of("cycles per second the bridge's CPU time allows on "
        + Runtime.getRuntime().availableProcessors() + " free cores",
        bridgeCpuMs <= 0 ? 0 : Runtime.getRuntime().availableProcessors() * 1000.0 / (bridgeCpuMs / n), "1/s"));
    figures.add(Report.Figure.of("replacements (second socket, late close of the first)", replacements.get(),
        "cycles"));
    figures.add(Report.Figure.of("bridge killed with -9 and restarted during the storm", bridgeKills, "kills"));
    figures.add(Report.Figure.of("cycles cut short by a bridge kill (retried)", interrupted.get(), "cycles"));
    // The store must settle on the live sockets; then the histories are checked.
    Map<String, Session> finals = new LinkedHashMap<>();
    for (NewSession s : sessions) {
      String id = s.session().id();
      String conn = live.get(id);
      try {
        finals.put(id, store.await(id, x -> conn == null ? !x.connected()
            : x.connected() && conn.equals(x.connectionId()), Duration.ofSeconds(10)));
      } catch (StoreException e) {
        finals.put(id, store.get(id).orElseThrow());
      }
    }
    List<String> found = BridgeHistoryChecker.check(finals, live);
    figures.add(Report.Figure.withTarget("session histories inconsistent with the sockets",
        found.size(), "violations", "= 0"));
    violations.addAll(found);
    say("storm: %d cycles in %.1f s, %d sockets kept open, %d history violations", cycles.get(), seconds,
        kept.size(), found.size());
    kept.forEach(FakeBrowser::close);
  }

  private record Connected(FakeBrowser browser, String connection, Instant welcomedAt) {}

  private static Connected connect(int port, NewSession s) {
    FakeBrowser b = FakeBrowser.to(port).connect();
    try {
      b.hello(s.session().id(), s.token());
      JsonNode welcome = awaitWelcome(b);
      return new Connected(b, welcome.get("connection").asString(), Instant.now());
    } catch (RuntimeException | AssertionError e) {
      b.close();
      throw e;
    }
  }

  /** The welcome, or a failure as soon as the socket is closed (a killed bridge): awaitFrame is woken by a close. */
  private static JsonNode awaitWelcome(FakeBrowser b) {
    return b.awaitFrame("welcome", WELCOME_WAIT);
  }

  // ------------------------------------------------------------------------------------------ probe

  private void probe(SessionStore store, int port) throws Exception {
    NewSession probe = createSessions(store, 1).get(0);
    String id = probe.session().id();
    List<Long> micros = new ArrayList<>();
    // transport-netty's watcher process: for each session id on its stdin it prints "watching ID", waits with
    // store.await until the session is connected, and prints "connected ID EPOCH_MICROS".
    try (ChildJvm watcher = ChildJvm.builder("dev.snapmcp.bridge.StoreWatcherMain").name("store-watcher")
        .args(stateDir.toString()).start()) {
      for (int i = 0; i < settings.probes(); i++) {
        watcher.stdin().write((id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        watcher.stdin().flush();
        watcher.awaitLine(nth(i + 1, "watching " + id), WAIT);
        Connected c = connect(port, probe);
        String seen = watcher.awaitLine(nth(i + 1, "connected " + id + " "), WAIT);
        long seenMicros = Long.parseLong(seen.split(" ")[2]);
        long welcomedMicros = c.welcomedAt().getEpochSecond() * 1_000_000 + c.welcomedAt().getNano() / 1_000;
        micros.add(Math.max(0, seenMicros - welcomedMicros)); // the store may be ahead of the welcome: 0
        c.browser().close();
        store.await(id, s -> !s.connected(), WAIT);
      }
      watcher.stdin().close();
      watcher.waitFor(WAIT);
    }
    Percentiles p = new Percentiles(micros.stream().mapToLong(Long::longValue).toArray());
    figures.add(Report.Figure.of("welcome -> another process sees connected, p50", p.at(50) / 1000.0, "ms"));
    figures.add(Report.Figure.withTarget("welcome -> another process sees connected, p99", p.at(99) / 1000.0, "ms",
        "< 50"));
    say("probe: %d connections seen by another process, p50 %.2f ms, p99 %.2f ms", p.count(), p.at(50) / 1000.0,
        p.at(99) / 1000.0);
  }

  // ------------------------------------------------------------------------------------------ round trips

  private void roundTrips(SessionStore store, int port) throws Exception {
    NewSession target = createSessions(store, 1).get(0);
    String token = Files.readString(stateDir.resolve("bridge.token")).trim();
    FakeBrowser browser = FakeBrowser.to(port)
        .responder((op, args) -> FakeBrowser.Reply.value(Map.of("echo", op))).connect();
    try {
      browser.hello(target.session().id(), target.token()).awaitFrame("welcome", WAIT);
      HttpRequest request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/sessions/" + target.session().id() + "/commands"))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"op\":\"status\",\"args\":{},\"timeoutMs\":5000}"))
          .timeout(WAIT)
          .build();
      int warmup = Math.max(10, settings.roundTrips() / 4);
      long[] nanos = new long[settings.roundTrips()];
      for (int i = -warmup; i < settings.roundTrips(); i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200 || !Json.mapper().readTree(r.body()).path("ok").asBoolean()) {
          violations.add("command round trip failed: HTTP " + r.statusCode() + " " + r.body());
          return;
        }
        if (i >= 0) {
          nanos[i] = t;
        }
      }
      Percentiles p = new Percentiles(nanos);
      figures.add(Report.Figure.withTarget("command round trip (control API -> WebSocket -> back), p50",
          p.at(50) / 1e6, "ms", "< 1"));
      figures.add(Report.Figure.withTarget("command round trip (control API -> WebSocket -> back), p99",
          p.at(99) / 1e6, "ms", "< 5"));
      say("round trips: %d, p50 %.3f ms, p99 %.3f ms", p.count(), p.at(50) / 1e6, p.at(99) / 1e6);
    } finally {
      browser.close();
    }
  }

  // ------------------------------------------------------------------------------------------ idle

  private void idle(SessionStore store, int port, long bridgePid) throws Exception {
    List<NewSession> sessions = createSessions(store, settings.idle());
    long rssBefore = rssKb(bridgePid);
    long heapBefore = liveHeapKb(bridgePid);
    List<FakeBrowser> open = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(16, named("idle-client"));
    CountDownLatch all = new CountDownLatch(sessions.size());
    for (NewSession s : sessions) {
      pool.execute(() -> {
        try {
          open.add(connect(port, s).browser());
        } catch (RuntimeException | AssertionError e) {
          failures.add(e.toString());
        } finally {
          all.countDown();
        }
      });
    }
    if (!all.await(5, TimeUnit.MINUTES)) {
      violations.add("idle connections: not all " + sessions.size() + " opened within 5 minutes");
    }
    pool.shutdown();
    try {
      // Held: after a while (the bridge pings, nothing else happens) every socket must still be open.
      TimeUnit.SECONDS.sleep(3); // part of the measurement: holding, not synchronising
      long held = open.stream().filter(b -> !b.isClosed()).count();
      long rssAfter = rssKb(bridgePid);
      long heapAfter = liveHeapKb(bridgePid);
      JsonNode health = health(port);
      figures.add(Report.Figure.withTarget("idle connections held", held, "connections", ">= " + settings.idle()));
      figures.add(Report.Figure.of("bridge's own count of connections", health.path("connections").asLong(),
          "connections"));
      figures.add(Report.Figure.of("bridge resident memory before the idle connections", rssBefore / 1024.0, "MiB"));
      figures.add(Report.Figure.of("bridge resident memory holding them", rssAfter / 1024.0, "MiB"));
      figures.add(Report.Figure.of("bridge memory per idle connection (resident)",
          held == 0 ? 0 : (rssAfter - rssBefore) / (double) held, "KiB"));
      if (heapBefore >= 0 && heapAfter >= 0) {
        figures.add(Report.Figure.of("bridge live heap (after a full GC) before the idle connections",
            heapBefore / 1024.0, "MiB"));
        figures.add(Report.Figure.of("bridge live heap (after a full GC) holding them", heapAfter / 1024.0, "MiB"));
        figures.add(Report.Figure.of("bridge live heap per idle connection",
            held == 0 ? 0 : (heapAfter - heapBefore) / (double) held, "KiB"));
      }
      failures.stream().limit(5).forEach(f -> violations.add("idle client failed: " + f));
      say("idle: %d of %d held, bridge RSS %.0f -> %.0f MiB", held, sessions.size(), rssBefore / 1024.0,
          rssAfter / 1024.0);
    } finally {
      open.forEach(FakeBrowser::close);
    }
  }

  private JsonNode health(int port) throws IOException, InterruptedException {
    String token = Files.readString(stateDir.resolve("bridge.token")).trim();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/health")).header("Authorization", "Bearer " + token).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  /** Matches the {@code n}-th line starting with {@code prefix} (awaitLine looks at each line once, in order). */
  private static java.util.function.Predicate<String> nth(int n, String prefix) {
    int[] count = {0};
    return line -> line.startsWith(prefix) && ++count[0] == n;
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
    List<String> lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
        .lines().toList();
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
  private static List<NewSession> createSessions(SessionStore store, int n) throws Exception {
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

  private static java.util.concurrent.ThreadFactory named(String prefix) {
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
