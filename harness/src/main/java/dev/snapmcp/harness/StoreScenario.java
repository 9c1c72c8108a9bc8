package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StoreException;
import dev.snapmcp.core.testing.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The store scenario: {@code workers} processes, each with {@code threads} writer threads updating their own slot
 * session of one store, a reader process parsing the file continuously, and every {@code killEvery} one random
 * worker killed with -9 and restarted. Afterwards {@link StoreHistoryChecker} checks what was acknowledged against the
 * final document and what the reader saw.
 */
final class StoreScenario {

  /** How to run. {@code killEvery} zero means no kills. */
  record Settings(int workers, int threads, Duration duration, Duration killEvery, Duration statusEvery,
      boolean broken, boolean groupCommit, long seed, Path reportDir) {

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workers", workers);
      m.put("threadsPerWorker", threads);
      m.put("durationSeconds", duration.toMillis() / 1000.0);
      m.put("killEverySeconds", killEvery.toMillis() / 1000.0);
      m.put("store", broken ? "broken-prototype (deliberately broken)" : "real (FileSessionStore)");
      m.put("groupCommit", groupCommit);
      m.put("seed", seed);
      return m;
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Settings settings;
  private final PrintWriter status;
  private final Path stateDir;
  private final List<String> processFailures = new ArrayList<>();

  StoreScenario(Settings settings, PrintWriter status) {
    this.settings = settings;
    this.status = status;
    this.stateDir = settings.reportDir().resolve("state");
  }

  /** A worker process and the slots it writes. */
  private final class Worker {
    final int index;
    final List<String> slots;
    int generation;
    ChildJvm process;

    Worker(int index, List<String> slots) {
      this.index = index;
      this.slots = slots;
    }

    ChildJvm start() {
      String name = "w" + index + "." + generation++;
      List<String> args = new ArrayList<>(List.of(stateDir.toString(), settings.broken() ? "broken" : "real",
          Boolean.toString(settings.groupCommit()), name));
      args.addAll(slots);
      process = ChildJvm.builder(StoreWorkerMain.class).name("store-worker-" + name).args(args).start();
      return process;
    }

    String name() {
      return "w" + index + "." + (generation - 1);
    }
  }

  Report run() {
    Instant startedAt = Instant.now();
    List<Worker> workers = new ArrayList<>();
    try (SessionStore setup = SessionStores.open(stateDir)) {
      for (int w = 0; w < settings.workers(); w++) {
        List<String> slots = new ArrayList<>();
        for (int t = 0; t < settings.threads(); t++) {
          slots.add(setup.create(Duration.ofDays(1)).session().id());
        }
        workers.add(new Worker(w, slots));
      }
    }
    List<StoreHistoryChecker.Incarnation> finished = new ArrayList<>();
    List<Report.Sample> timeline = new ArrayList<>();
    Random random = new Random(settings.seed());
    int kills = 0;
    long ackedBefore = 0; // by incarnations already finished
    ChildJvm reader = ChildJvm.builder(StoreReaderMain.class).name("store-reader").args(stateDir.toString()).start();
    try {
      reader.awaitLine("reading"::equals, START_TIMEOUT);
      for (Worker w : workers) {
        w.start();
      }
      for (Worker w : workers) {
        w.process.awaitLine("ready"::equals, START_TIMEOUT);
      }
      status.printf(Locale.ROOT, "store scenario: %d workers x %d threads, %s, kill -9 every %s, %s store%n",
          settings.workers(), settings.threads(), settings.duration(), settings.killEvery(),
          settings.broken() ? "BROKEN prototype" : "real");
      status.flush();
      long start = System.nanoTime();
      long end = start + settings.duration().toNanos();
      long nextStatus = start + settings.statusEvery().toNanos();
      long nextKill = settings.killEvery().isZero() ? Long.MAX_VALUE : start + settings.killEvery().toNanos();
      long lastAcked = 0;
      long lastStatusAt = start;
      String note = null;
      while (true) {
        long now = System.nanoTime();
        if (now >= nextKill && now < end) {
          Worker victim = workers.get(random.nextInt(workers.size()));
          victim.process.kill();
          finished.add(incarnation(victim, true));
          ackedBefore += finished.get(finished.size() - 1).acks().size();
          victim.start();
          kills++;
          note = note == null ? "killed " + victim.name() : note + ", " + victim.name();
          nextKill += settings.killEvery().toNanos();
        }
        if (now >= nextStatus || now >= end) {
          long acked = ackedBefore;
          for (Worker w : workers) {
            acked += countAcks(w.process);
          }
          double seconds = (now - lastStatusAt) / 1e9;
          double rate = (acked - lastAcked) / Math.max(seconds, 1e-9);
          timeline.add(new Report.Sample((now - start) / 1e9, rate, note));
          status.printf(Locale.ROOT, "[%6.1f s] updates %d (%.0f/s), kills %d, reader: %s%n", (now - start) / 1e9,
              acked, rate, kills, lastReaderStatus(reader));
          status.flush();
          lastAcked = acked;
          lastStatusAt = now;
          note = null;
          nextStatus += settings.statusEvery().toNanos();
        }
        if (now >= end) {
          break;
        }
        long wake = Math.min(Math.min(nextStatus, nextKill), end);
        LockSupport.parkNanos(Math.max(0, wake - System.nanoTime())); // pacing the status and kill schedule
      }
      for (Worker w : workers) {
        closeQuietly(w.process);
      }
      for (Worker w : workers) {
        int code = w.process.waitFor(STOP_TIMEOUT);
        if (code != 0) {
          processFailures.add(w.name() + " exited with " + code + ": " + w.process.stderr());
        }
        finished.add(incarnation(w, false));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      closeQuietly(reader);
      int readerCode = reader.waitFor(STOP_TIMEOUT);
      if (readerCode != 0) {
        processFailures.add("the reader exited with " + readerCode + ": " + reader.stderr());
      }
      return report(startedAt, seconds, workers, finished, reader, kills, timeline);
    } finally {
      for (Worker w : workers) {
        if (w.process != null) {
          w.process.close();
        }
      }
      reader.close();
    }
  }

  private Report report(Instant startedAt, double seconds, List<Worker> workers,
      List<StoreHistoryChecker.Incarnation> finished, ChildJvm reader, int kills, List<Report.Sample> timeline) {
    List<String> readerViolations = new ArrayList<>();
    long torn = 0;
    long reads = 0;
    for (String line : reader.stdoutLines()) {
      if (line.startsWith("violation ")) {
        readerViolations.add("reader saw " + line.substring("violation ".length()));
      } else if (line.startsWith("reads ")) {
        String[] f = line.split(" ");
        reads = Long.parseLong(f[1]);
        torn = Long.parseLong(f[5]);
      }
    }
    Map<String, Session> finalSlots = new LinkedHashMap<>();
    List<String> violations = new ArrayList<>(processFailures);
    try (SessionStore store = SessionStores.open(stateDir)) {
      for (Session s : store.list()) {
        finalSlots.put(s.id(), s);
      }
    } catch (StoreException e) {
      violations.add("the final document cannot be read: " + e.getMessage());
    }
    StoreHistoryChecker.Outcome outcome = StoreHistoryChecker.check(finished, finalSlots, readerViolations);
    violations.addAll(outcome.violations());
    long errors = 0;
    List<Long> micros = new ArrayList<>();
    for (StoreHistoryChecker.Incarnation inc : finished) {
      inc.acks().forEach(a -> micros.add(a.micros()));
    }
    for (Worker w : workers) {
      errors += w.process.stdoutLines().stream().filter(l -> l.startsWith("error ")).count();
    }
    Percentiles latency = new Percentiles(micros.stream().mapToLong(Long::longValue).toArray());
    List<Report.Figure> figures = List.of(
        Report.Figure.of("updates per second", outcome.acknowledged() / seconds, "1/s"),
        Report.Figure.of("acknowledged updates", outcome.acknowledged(), "updates"),
        Report.Figure.withTarget("lost acknowledged updates", outcome.lost(), "updates", "= 0"),
        Report.Figure.withTarget("updates applied twice", outcome.doubled(), "updates", "= 0"),
        Report.Figure.withTarget("torn reads", torn, "reads", "= 0"),
        Report.Figure.of("reads by the reader", reads, "reads"),
        Report.Figure.of("update latency p50", latency.at(50) / 1000.0, "ms"),
        Report.Figure.of("update latency p99", latency.at(99) / 1000.0, "ms"),
        Report.Figure.of("workers killed with -9", kills, "kills"),
        Report.Figure.of("failed update calls (errors reported to the caller)", errors, "calls"));
    return new Report("store", violations.isEmpty(), startedAt, seconds, settings.asMap(), figures, violations,
        timeline, Report.describeMachine());
  }

  private StoreHistoryChecker.Incarnation incarnation(Worker w, boolean killed) {
    List<StoreHistoryChecker.Ack> acks = new ArrayList<>();
    for (String line : w.process.stdoutLines()) {
      StoreHistoryChecker.Ack ack = StoreHistoryChecker.Ack.parse(line);
      if (ack != null) {
        acks.add(ack);
      }
    }
    return new StoreHistoryChecker.Incarnation(w.name(), w.slots, acks, killed);
  }

  private static long countAcks(ChildJvm process) {
    return process.stdoutLines().stream().filter(l -> l.startsWith("ack ")).count();
  }

  private static String lastReaderStatus(ChildJvm reader) {
    List<String> lines = reader.stdoutLines();
    long violations = lines.stream().filter(l -> l.startsWith("violation ")).count();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("reads ")) {
        return lines.get(i) + (violations > 0 ? ", VIOLATIONS " + violations : "");
      }
    }
    return "starting";
  }

  /** Closing a child's stdin is its stop signal. */
  private static void closeQuietly(ChildJvm child) {
    try {
      child.stdin().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot signal " + child + " to stop", e);
    }
  }

}
