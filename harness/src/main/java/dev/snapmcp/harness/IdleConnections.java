package dev.snapmcp.harness;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connections scenario's idle phase: many sockets opened and held while the bridge pings them, with the bridge's
 * memory before and while holding them (resident set from /proc, live heap through {@code jcmd}).
 */
final class IdleConnections {

  private static final Pattern HEAP_USED = Pattern.compile("(generation|heap)\\s+total \\d+K, used (\\d+)K");

  private final ConnectionsRig rig;

  IdleConnections(ConnectionsRig rig) {
    this.rig = rig;
  }

  ConnectionsRun.Idle run() throws Exception {
    int count = rig.settings().idle();
    long bridgePid = rig.bridge().pid();
    List<NewSession> sessions = rig.createSessions(count);
    long rssBefore = rssKb(bridgePid);
    long heapBefore = liveHeapKb(bridgePid);
    List<FakeBrowser> open = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(16, ConnectionsRig.named("idle-client"));
    CountDownLatch all = new CountDownLatch(sessions.size());
    for (NewSession s : sessions) {
      pool.execute(() -> {
        try {
          open.add(rig.bridge().connect(s).browser());
        } catch (RuntimeException | AssertionError e) {
          failures.add(e.toString());
        } finally {
          all.countDown();
        }
      });
    }
    if (!all.await(5, TimeUnit.MINUTES)) {
      rig.violation("idle connections: not all " + sessions.size() + " opened within 5 minutes");
    }
    pool.shutdown();
    try {
      // Held: after a while (the bridge pings, nothing else happens) every socket must still be open.
      TimeUnit.MILLISECONDS.sleep(ConnectionsScenario.IDLE_TIMEOUT_MS); // part of the measurement, not synchronising
      long held = open.stream().filter(b -> !b.isClosed()).count();
      long rssAfter = rssKb(bridgePid);
      long heapAfter = liveHeapKb(bridgePid);
      long bridgeCounts;
      try (ControlCalls control = new ControlCalls(rig.bridge().port(), rig.stateDir())) {
        bridgeCounts = control.connections();
      }
      failures.stream().limit(5).forEach(f -> rig.violation("idle client failed: " + f));
      rig.say("idle: %d of %d held, bridge RSS %.0f -> %.0f MiB", held, sessions.size(), rssBefore / 1024.0,
          rssAfter / 1024.0);
      boolean heap = heapBefore >= 0 && heapAfter >= 0;
      return new ConnectionsRun.Idle(count, held, bridgeCounts, rssBefore / 1024.0,
          rssAfter / 1024.0, held == 0 ? 0 : (rssAfter - rssBefore) / (double) held,
          heap ? heapBefore / 1024.0 : -1, heap ? heapAfter / 1024.0 : -1,
          heap && held > 0 ? (heapAfter - heapBefore) / (double) held : -1);
    } finally {
      open.forEach(FakeBrowser::close);
    }
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
      for (String line : run(jcmd.toString(), Long.toString(pid), "GC.heap_info")) {
        Matcher m = HEAP_USED.matcher(line);
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
    if (!p.waitFor(ConnectionsScenario.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within " + ConnectionsScenario.WAIT);
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
}
