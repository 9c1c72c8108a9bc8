package dev.snapmcp.bridge;

import dev.snapmcp.bridge.testing.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.ChildJvm;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.OutputStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's figures, measured on real sockets over loopback (a benchmark, not a test: nothing here asserts).
 *
 * <ol>
 *   <li>{@code roundtrip}: a command through the control API (JDK HttpClient, keep-alive) to a FakeBrowser and back,
 *       sequential; p50/p99/max.
 *   <li>{@code cycles}: 50 clients at once, each looping connect → hello → welcome → close; cycles per second (every
 *       cycle commits to the store twice).
 *   <li>{@code crossprocess}: from the browser receiving {@code welcome} to another process (store.await) seeing the
 *       session connected; p50/p99.
 *   <li>{@code idle}: N idle welcomed connections held by a bridge in its own JVM; its RSS and heap.
 * </ol>
 *
 * Run from the repository root after {@code mvn -o -q -pl core,transport-netty test-compile}:
 * <pre>
 * mvn -o -q -pl core,transport-netty test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp transport-netty/target/test-classes:transport-netty/target/classes:$(cat transport-netty/cp.txt) \
 *     dev.snapmcp.bridge.BridgeBenchmarkMain [roundtrip|cycles|crossprocess|idle|all]
 * </pre>
 */
public final class BridgeBenchmarkMain {

  private BridgeBenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    if (which.equals("all") || which.equals("roundtrip")) {
      roundTrip(2_000, 10_000);
    }
    if (which.equals("all") || which.equals("cycles")) {
      cycles(50, Duration.ofSeconds(10));
    }
    if (which.equals("all") || which.equals("crossprocess")) {
      crossProcess(200);
    }
    if (which.equals("all") || which.equals("idle")) {
      idle(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
    }
    System.exit(0);
  }

  static void roundTrip(int warmup, int measured) throws Exception {
    try (TempStateDir state = TempStateDir.create();
        SessionStore store = state.open();
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start()) {
      NewSession s = store.create(Duration.ofHours(1));
      try (FakeBrowser browser =
          FakeBrowser.to(bridge.port())
              .responder((op, args) -> FakeBrowser.Reply.value(Map.of("state", Map.of("ready", true))))
              .connect()) {
        browser.hello(s.session().id(), s.token()).awaitFrame("welcome", Duration.ofSeconds(10));
        HttpClient http = HttpClient.newHttpClient();
        String token = Files.readString(bridge.tokenFile());
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bridge.port() + "/api/v1/sessions/" + s.session().id() + "/commands"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"op\":\"status\",\"args\":{}}"))
                .build();
        long[] nanos = new long[measured];
        for (int i = 0; i < warmup + measured; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
          long t = System.nanoTime() - t0;
          if (r.statusCode() != 200) {
            throw new IllegalStateException(r.body());
          }
          if (i >= warmup) {
            nanos[i - warmup] = t;
          }
        }
        report("roundtrip control API -> browser -> control API (" + measured + " sequential)", nanos);
      }
    }
  }

  static void cycles(int clients, Duration length) throws Exception {
    try (TempStateDir state = TempStateDir.create();
        SessionStore store = state.open();
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start()) {
      List<NewSession> sessions = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        sessions.add(store.create(Duration.ofHours(1)));
      }
      long revisionBefore = store.revision();
      HttpClient http = HttpClient.newHttpClient();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong done = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      CountDownLatch finished = new CountDownLatch(clients);
      // Warm up for two seconds, then count.
      long warmupEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      long[] countStart = new long[1];
      for (NewSession s : sessions) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    while (!stop.get()) {
                      try (FakeBrowser b = FakeBrowser.to(bridge.port()).client(http).connect()) {
                        b.hello(s.session().id(), s.token()).awaitFrame("welcome", Duration.ofSeconds(30));
                      } catch (RuntimeException | AssertionError e) {
                        failed.incrementAndGet();
                      }
                      if (System.nanoTime() > warmupEnd) {
                        done.incrementAndGet();
                      }
                    }
                  } finally {
                    finished.countDown();
                  }
                },
                "bench-client-" + s.session().id());
        t.setDaemon(true);
        t.start();
      }
      while (System.nanoTime() < warmupEnd) {
        Thread.sleep(10); // benchmark pacing, not test synchronisation
      }
      long counted0 = done.get();
      long rev0 = store.revision();
      long t0 = System.nanoTime();
      Thread.sleep(length.toMillis());
      long counted = done.get() - counted0;
      long commits = store.revision() - rev0;
      double seconds = (System.nanoTime() - t0) / 1e9;
      stop.set(true);
      finished.await();
      System.out.printf(
          "cycles: %d clients, %.0f connect/hello/welcome/close cycles per second (%d in %.1f s, %d failed), store"
              + " commits %.0f/s (revision +%d)%n",
          clients, counted / seconds, counted, seconds, failed.get(), commits / seconds, commits);
    }
  }

  static void crossProcess(int trials) throws Exception {
    try (TempStateDir state = TempStateDir.create();
        SessionStore store = state.open();
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start();
        ChildJvm watcher =
            ChildJvm.builder(StoreWatcherMain.class)
                .jvmArgs(System.getProperty("bench.watcherJvmArgs", "-XX:TieredStopAtLevel=1").split(" "))
                .args(state.path().toString())
                .start()) {
      OutputStream toWatcher = watcher.stdin();
      long[] micros = new long[trials];
      for (int i = 0; i < trials + 20; i++) {
        NewSession s = store.create(Duration.ofHours(1));
        String id = s.session().id();
        toWatcher.write((id + "\n").getBytes(StandardCharsets.UTF_8));
        toWatcher.flush();
        watcher.awaitLine(("watching " + id)::equals, Duration.ofSeconds(30));
        long welcomed;
        try (FakeBrowser b = FakeBrowser.to(bridge.port()).connect()) {
          b.hello(id, s.token()).awaitFrame("welcome", Duration.ofSeconds(30));
          welcomed = StoreWatcherMain.micros(Instant.now());
          String line = watcher.awaitLine(l -> l.startsWith("connected " + id + " "), Duration.ofSeconds(30));
          long seen = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
          if (i >= 20) {
            micros[i - 20] = (seen - welcomed) * 1000; // as nanos for report(); may be negative: seen before welcome
          }
        }
      }
      report("welcome -> another process sees connected (" + trials + " trials; negative = seen before welcome)", micros);
    }
  }

  static void idle(int connections) throws Exception {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      List<NewSession> sessions = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        sessions.add(store.create(Duration.ofHours(1)));
      }
      try (ChildJvm bridge =
          ChildJvm.builder(ChildBridgeMain.class)
              .jvmArgs("-Xmx512m")
              .args(state.path().toString(), String.valueOf(connections + 10))
              .start()) {
        int port = Integer.parseInt(bridge.awaitLine(l -> l.startsWith("port "), Duration.ofSeconds(30)).substring(5));
        long heapBefore = liveHeapKiB(bridge.pid());
        long rssBefore = rssKiB(bridge.pid());
        HttpClient http = HttpClient.newHttpClient();
        List<FakeBrowser> open = new ArrayList<>();
        long t0 = System.nanoTime();
        for (NewSession s : sessions) {
          FakeBrowser b = FakeBrowser.to(port).client(http).connect();
          b.hello(s.session().id(), s.token());
          open.add(b);
        }
        for (FakeBrowser b : open) {
          b.awaitFrame("welcome", Duration.ofSeconds(60));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long connected = store.list().stream().filter(x -> x.connected()).count();
        String token = Files.readString(state.path().resolve(BridgeServer.TOKEN_FILE));
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        // Let the child collect, then read its heap with jcmd and its RSS from /proc.
        long heapAfter = liveHeapKiB(bridge.pid());
        if (Boolean.getBoolean("bench.histogram")) {
          jcmd(bridge.pid(), "GC.class_histogram").lines().limit(25).forEach(System.out::println);
        }
        long rssAfter = rssKiB(bridge.pid());
        System.out.printf(
            "idle: %d connections welcomed in %.1f s; store says %d connected; health connections=%s;"
                + " bridge RSS %d MiB -> %d MiB (+%.1f KiB per connection)%n",
            connections, seconds, connected,
            Json.mapper().readTree(health.body()).path("connections").asInt(),
            rssBefore / 1024, rssAfter / 1024, (rssAfter - rssBefore) / (double) connections);
        System.out.printf(
            "idle: bridge live heap (class histogram) %d MiB -> %d MiB (+%.1f KiB per connection; the store's parsed"
                + " document of %d sessions included)%n",
            heapBefore / 1024, heapAfter / 1024, (heapAfter - heapBefore) / (double) connections, connections);
        for (FakeBrowser b : open) {
          b.abort();
        }
      }
    }
  }

  /** Live objects only: {@code GC.class_histogram} collects first, then counts what survived. */
  private static long liveHeapKiB(long pid) throws Exception {
    String histogram = jcmd(pid, "GC.class_histogram");
    for (String line : histogram.split("\n")) {
      if (line.startsWith("Total")) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[2]) / 1024;
      }
    }
    throw new IllegalStateException("no Total in " + histogram);
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static long rssKiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.90)] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }
}
