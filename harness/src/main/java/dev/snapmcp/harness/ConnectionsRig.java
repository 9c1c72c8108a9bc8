package dev.snapmcp.harness;

import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every phase of the connections scenario works on: its settings, the store, its folder and the one observer the
 * storm clients wait through, the bridge under test, and where findings go (violations, every one counted and the
 * first few kept in words; status lines on stderr, since stdout is the summary's).
 */
final class ConnectionsRig {

  private final ConnectionsScenario.Settings settings;
  private final Path stateDir;
  private final SessionStore store;
  private final StoreObserver observer;
  private final BridgeUnderTest bridge;
  private final List<String> violations;
  private final PrintWriter status;

  /** @param violations a synchronized list the scenario reports from */
  ConnectionsRig(ConnectionsScenario.Settings settings, Path stateDir, SessionStore store, StoreObserver observer,
      BridgeUnderTest bridge, List<String> violations, PrintWriter status) {
    this.settings = settings;
    this.stateDir = stateDir;
    this.store = store;
    this.observer = observer;
    this.bridge = bridge;
    this.violations = violations;
    this.status = status;
  }

  ConnectionsScenario.Settings settings() {
    return settings;
  }

  Path stateDir() {
    return stateDir;
  }

  SessionStore store() {
    return store;
  }

  StoreObserver observer() {
    return observer;
  }

  BridgeUnderTest bridge() {
    return bridge;
  }

  void violation(String v) {
    violations.add(v);
  }

  void say(String format, Object... args) {
    status.printf(Locale.ROOT, format + "%n", args);
    status.flush();
  }

  /** Creates sessions from 8 threads, so their commits share the store's group commit. */
  List<NewSession> createSessions(int n) throws Exception {
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
        out.add(f.get(ConnectionsScenario.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
  static ThreadFactory named(String prefix) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
