package dev.snapmcp.harness;

import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The classroom run: PostgreSQL, {@link ClassroomNodes} (3 bridge nodes, each with its {@code serve --http}), the
 * {@link RoundRobinFront} over the nodes, N {@link SimulatedTab}s through the front and M {@link SimulatedAssistant}s
 * calling tools for the first M tabs' sessions; a third of the way in, one node is killed with -9 and restarted. Then
 * {@link ClassroomChecker} judges what everyone recorded.
 */
final class ClassroomScenario {

  static final int NODES = 3;

  /** The run's size and pace; {@code pgUrl} null for the harness's own embedded server. */
  record Settings(int tabs, int assistants, Duration duration, Duration thinkTime, Duration reconnectBound,
      Duration heartbeat, String pgUrl) {}

  private final Settings settings;
  private final PrintWriter err;
  private volatile Map<String, Integer> holders = Map.of();
  /** What the progress bar's note says besides the calls: the kill, then the node back. */
  private volatile String stage = "";

  ClassroomScenario(Settings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  ClassroomRun run() throws Exception {
    StateFolder folder = StateFolder.of(null, "classroom");
    Path root = folder.path();
    err.println("classroom: starting PostgreSQL and " + NODES + " nodes (state in " + root + ")");
    err.flush();
    try (HarnessDatabase db = HarnessDatabase.start(settings.pgUrl())) {
      String url = db.newSchemaUrl("classroom");
      ClassroomRun run;
      try (ClassroomNodes nodes = new ClassroomNodes(url, NODES, root, settings.heartbeat())) {
        String key = nodes.newKey();
        nodes.startAll();
        try (SessionStore store = SessionStores.open(url, Files.createDirectories(root.resolve("harness")),
                Clock.systemUTC());
            Connection sql = HarnessDatabase.connect(url);
            RoundRobinFront front = new RoundRobinFront(nodes.bridgePorts())) {
          run = drive(nodes, store, sql, front, key);
        } catch (RuntimeException | Error e) {
          for (int i = 0; i < NODES; i++) {
            err.println("node" + i + ":\n" + nodes.stderrTail(i));
          }
          throw e;
        }
      }
      if (run.passed()) {
        db.dropSchema(url);
      }
      folder.cleanUp(run.passed(), err);
      return run;
    }
  }

  private ClassroomRun drive(ClassroomNodes nodes, SessionStore store, Connection sql, RoundRobinFront front,
      String key) throws Exception {
    List<SimulatedTab> tabs = new ArrayList<>();
    for (int i = 0; i < settings.tabs(); i++) {
      NewSession s = store.create(Duration.ofHours(2));
      tabs.add(new SimulatedTab(s, front.port()));
    }
    ExecutorService tabThreads = Executors.newFixedThreadPool(tabs.size(), daemon("tab"));
    tabs.forEach(tabThreads::submit);
    awaitAllConnected(tabs, Duration.ofSeconds(60));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("holders"));
    poller.scheduleWithFixedDelay(() -> {
      try {
        holders = nodes.tabHolders(sql);
      } catch (Exception e) {
        // the next poll tries again
      }
    }, 0, 250, TimeUnit.MILLISECONDS);

    long t0 = System.nanoTime();
    long end = t0 + settings.duration().toNanos();
    List<SimulatedAssistant> assistants = new ArrayList<>();
    ExecutorService assistantThreads = Executors.newFixedThreadPool(settings.assistants(), daemon("assistant"));
    for (int j = 0; j < settings.assistants(); j++) {
      SimulatedAssistant a = new SimulatedAssistant(tabs.get(j).sessionId(), j % NODES, NODES, nodes::mcpUrl, key,
          settings.thinkTime(), end, () -> holders);
      assistants.add(a);
      assistantThreads.submit(a);
    }
    int killed = 1;
    long killNanos;
    long restartNanos;
    try (Progress progress = Progress.start("classroom", settings.duration().toSeconds(), "s")) {
      long killAt = t0 + settings.duration().toNanos() / 3;
      while (System.nanoTime() < killAt) {
        tick(progress, t0, assistants);
      }
      stage = " · kill -9 node" + killed;
      progress.note(stage);
      long killedAt = System.nanoTime();
      killNanos = killedAt;
      nodes.kill(killed);
      // Started apart, so the bar goes on while the new JVMs start (many seconds on a loaded machine).
      java.util.concurrent.CompletableFuture<Long> back = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        nodes.restart(killed);
        stage = " · node" + killed + " back";
        return System.nanoTime() - killedAt;
      });
      while (System.nanoTime() < end) {
        tick(progress, t0, assistants);
      }
      restartNanos = back.get(120, TimeUnit.SECONDS);
      assistantThreads.shutdown();
      assistantThreads.awaitTermination(90, TimeUnit.SECONDS);
      progress.doneSoFar(settings.duration().toSeconds());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    awaitAllConnected(tabs, settings.reconnectBound());
    poller.shutdownNow();
    List<ClassroomRun.NodeMemory> memory = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      memory.add(new ClassroomRun.NodeMemory(i, round(nodes.bridgeRssMib(i)), round(nodes.serveRssMib(i))));
    }

    List<ClassroomChecker.Tab> observed = new ArrayList<>();
    long delivered = 0;
    long executed = 0;
    for (SimulatedTab t : tabs) {
      Session s = store.get(t.sessionId()).orElse(null);
      observed.add(new ClassroomChecker.Tab(t.sessionId(), t.executed(), t.welcomes(), t.drops(), t.connected(),
          s == null ? null : s.connectionId(), s != null && s.connected()));
    }
    tabs.forEach(SimulatedTab::stop);
    tabThreads.shutdown();
    tabThreads.awaitTermination(30, TimeUnit.SECONDS);
    for (SimulatedTab t : tabs) {
      executed += t.executed().size();
      delivered += t.delivered().size();
    }
    Map<String, List<SimulatedAssistant.Call>> calls = new LinkedHashMap<>();
    assistants.forEach(a -> calls.put(a.session(), a.calls()));
    ClassroomChecker.Verdict verdict =
        ClassroomChecker.check(observed, calls, killNanos, settings.reconnectBound().toMillis());
    return figures(calls, verdict, seconds, killed, (killNanos - t0) / 1e9, restartNanos / 1e9,
        executed, delivered - executed, memory, front.accepted());
  }

  private ClassroomRun figures(Map<String, List<SimulatedAssistant.Call>> calls, ClassroomChecker.Verdict verdict,
      double seconds, int killed, double killAt, double restart, long executed, long deliveredAgain,
      List<ClassroomRun.NodeMemory> memory, long[] accepted) {
    List<SimulatedAssistant.Call> all = calls.values().stream().flatMap(List::stream).toList();
    Map<String, Long> failures = new TreeMap<>();
    List<Long> same = new ArrayList<>();
    List<Long> cross = new ArrayList<>();
    long noHolder = 0;
    for (SimulatedAssistant.Call c : all) {
      if (!c.ok()) {
        failures.merge(c.outcome(), 1L, Long::sum);
      } else if (c.tabNode() < 0) {
        noHolder++;
      } else {
        (c.tabNode() == c.answeredBy() ? same : cross).add((c.endNanos() - c.startNanos()) / 1000);
      }
    }
    long ok = all.stream().filter(SimulatedAssistant.Call::ok).count();
    List<Long> front = new ArrayList<>();
    for (long a : accepted) {
      front.add(a);
    }
    boolean passed = verdict.checks().stream().allMatch(Check::passed);
    return new ClassroomRun(settings.tabs(), settings.assistants(), NODES, "harness round-robin TCP proxy (Netty)",
        round(seconds), settings.thinkTime().toMillis(), all.size(), ok, round(all.size() / seconds), failures,
        Latency.ofMicros(longs(same)), Latency.ofMicros(longs(cross)), noHolder, killed, round(killAt),
        round(restart), verdict.reconnectMicros().size(), Latency.ofMicros(longs(verdict.reconnectMicros())),
        settings.reconnectBound().toMillis(), executed, deliveredAgain, memory, front, passed, verdict.checks(),
        verdict.violations(), HarnessMain.describeMachine());
  }

  private void tick(Progress progress, long t0, List<SimulatedAssistant> assistants) throws InterruptedException {
    Thread.sleep(500);
    progress.doneSoFar((System.nanoTime() - t0) / 1_000_000_000L);
    long calls = assistants.stream().mapToLong(a -> a.calls().size()).sum();
    progress.note(" · calls " + calls + stage);
  }

  private static void awaitAllConnected(List<SimulatedTab> tabs, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline && !tabs.stream().allMatch(SimulatedTab::connected)) {
      Thread.sleep(100);
    }
  }

  private static long[] longs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
