package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The store scenario: {@code processes} worker JVMs ({@link StoreWorkerMain}) each make {@code updates} updates to
 * one shared store, mostly contending on {@code hotSessions} sessions ({@link Workload}), while a reader process
 * ({@link StoreReaderMain}) reads the store continuously without the lock. With {@code crashEvery}, a random worker
 * is killed with SIGKILL at random moments (on average that often, among the workers that have made at least 5% of
 * their updates since they last started) and restarted to make the rest of its updates.
 * Then {@link StoreHistoryChecker} checks what was acknowledged against the final store and what the reader saw.
 */
final class StoreScenario {

  /**
   * How to run. {@code crashEvery} zero means no crashes; {@code thinkTime} is each worker's pause between its updates
   * (zero: a closed loop, every worker always wanting the lock). {@code database} is the PostgreSQL server of a
   * {@code postgres} run (null otherwise); with {@code restartDatabase}, the harness restarts it (a fast shutdown, then
   * a start) once half the updates are acknowledged.
   */
  record Settings(StoreKind store, int processes, int updates, int hotSessions, Duration crashEvery,
      Duration thinkTime, long seed, Path stateDir, HarnessDatabase database, boolean restartDatabase) {

    Settings {
      if (store == StoreKind.POSTGRES && database == null) {
        throw new IllegalArgumentException("a postgres run needs a database server");
      }
      if (restartDatabase && (database == null || !database.canRestart())) {
        throw new IllegalArgumentException("only a PostgreSQL server the harness started itself can be restarted"
            + " (leave out --pg-url)");
      }
    }

    /** A run of a store that lives in the state folder. */
    Settings(StoreKind store, int processes, int updates, int hotSessions, Duration crashEvery, Duration thinkTime,
        long seed, Path stateDir) {
      this(store, processes, updates, hotSessions, crashEvery, thinkTime, seed, stateDir, null, false);
    }
  }

  /** The share of updates that go to the hot sessions; the rest go to each worker's own session. */
  static final double HOT_SHARE = 0.9;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);
  private static final long POLL_NANOS = 10_000_000L;
  private static final long SAMPLE_NANOS = 250_000_000L;
  private static final int MAX_VIOLATIONS = 50;

  private final Settings settings;
  private final StoreLocation where;
  private final Workload workload;
  private final List<String> processFailures = new ArrayList<>();
  private final List<StoreRun.DatabaseRestart> restarts = new ArrayList<>();
  private long acknowledgedAtRestart;

  private StoreScenario(Settings settings, StoreLocation where, Workload workload) {
    this.settings = settings;
    this.where = where;
    this.workload = workload;
  }

  /**
   * Runs the scenario in a fresh {@code settings.stateDir()} (refused if it holds anything) and, for PostgreSQL, a new
   * schema of its own (dropped after a run that passed).
   */
  static StoreRun run(Settings settings) throws IOException {
    Path dir = settings.stateDir();
    StateFolder.requireFresh(dir);
    Files.createDirectories(dir);
    StoreLocation where = settings.store() == StoreKind.POSTGRES
        ? new StoreLocation(dir, settings.database().newSchemaUrl(settings.store().label() + settings.processes()))
        : StoreLocation.folder(dir);
    List<String> ids = settings.store().setup(where, settings.hotSessions() + settings.processes());
    Workload workload = new Workload(ids.subList(0, settings.hotSessions()),
        ids.subList(settings.hotSessions(), ids.size()), HOT_SHARE, settings.seed());
    StoreRun run = new StoreScenario(settings, where, workload).run();
    if (where.url() != null && run.passed()) {
      settings.database().dropSchema(where.url());
    }
    return run;
  }

  /** One worker process's life; a crash ends it and a new one takes over the rest of the worker's updates. */
  private final class Incarnation {
    final int worker;
    final String name;
    final long first;
    final ChildJvm process;
    final List<StoreHistoryChecker.Ack> acks = new ArrayList<>();
    /** The first few failed calls in the worker's words, for the report. */
    final List<String> failedCalls = new ArrayList<>();
    long lastAttempted;
    long errors;
    int linesRead;
    boolean started;
    boolean done;

    Incarnation(int worker, int generation, long first) {
      this.worker = worker;
      this.name = "w" + worker + "." + generation;
      this.first = first;
      this.lastAttempted = first - 1;
      List<String> args = new ArrayList<>(List.of(settings.store().label()));
      args.addAll(where.asArgs());
      args.addAll(List.of(Integer.toString(worker), Long.toString(first), Integer.toString(settings.updates()),
          Long.toString(settings.thinkTime().toNanos())));
      args.addAll(workload.asArgs());
      this.process = ChildJvm.builder(StoreWorkerMain.class).name("store-worker-" + name).args(args).start();
    }

    /** Reads the lines printed since the last call; sends {@code go} once the worker is ready. */
    void poll() throws IOException {
      List<String> lines = process.stdoutLines();
      for (; linesRead < lines.size(); linesRead++) {
        String line = lines.get(linesRead);
        if (line.equals("ready") && !started) {
          process.stdin().write("go\n".getBytes(StandardCharsets.US_ASCII));
          process.stdin().flush();
          started = true;
        } else if (line.equals("done")) {
          done = true;
        } else if (line.startsWith("ack ")) {
          StoreHistoryChecker.Ack ack = StoreHistoryChecker.Ack.parse(worker, line);
          if (ack != null) {
            acks.add(ack);
            lastAttempted = Math.max(lastAttempted, ack.seq());
          }
        } else if (line.startsWith("error ") && line.endsWith(" end")) {
          if (errors++ < 3) {
            failedCalls.add(name + ": " + line.substring(0, line.length() - " end".length()));
          }
          lastAttempted = Math.max(lastAttempted, Long.parseLong(line.split(" ")[1]));
        }
      }
    }

    /** The update that may have been under way when this process was killed: the one after the last attempted. */
    StoreHistoryChecker.InFlight inFlight() {
      long next = lastAttempted + 1;
      return started && next <= settings.updates() ? new StoreHistoryChecker.InFlight(next,
          workload.sessionFor(worker, next)) : null;
    }
  }

  private StoreRun run() throws IOException {
    int n = settings.processes();
    long total = (long) n * settings.updates();
    int minProgress = Math.max(1, settings.updates() / 20);
    Random random = new Random(settings.seed());
    List<Incarnation> current = new ArrayList<>();
    List<Incarnation> ended = new ArrayList<>();
    List<StoreHistoryChecker.Incarnation> history = new ArrayList<>();
    List<StoreRun.Crash> crashes = new ArrayList<>();
    List<StoreRun.RatePoint> timeline = new ArrayList<>();
    ChildJvm reader = ChildJvm.builder(StoreReaderMain.class).name("store-reader-" + settings.store().label())
        .args(settings.store().label()).args(where.asArgs()).start();
    String task = settings.store().label() + " x" + n;
    try (Progress progress = Progress.start(task, total, "updates")) {
      reader.awaitLine("reading"::equals, START_TIMEOUT);
      int[] generation = new int[n];
      for (int w = 0; w < n; w++) {
        current.add(new Incarnation(w, generation[w]++, 1));
      }
      // The clock starts when every worker is ready (JVM start-up is not the store's time), then all go at once.
      long readyBy = System.nanoTime() + START_TIMEOUT.toNanos();
      for (Incarnation inc : current) {
        inc.process.awaitLine("ready"::equals, Duration.ofNanos(Math.max(0, readyBy - System.nanoTime())));
      }
      long start = System.nanoTime();
      for (Incarnation inc : current) {
        inc.poll();
      }
      long deadline = start + RUN_TIMEOUT.toNanos();
      long nextCrash = nextCrash(start, random);
      long nextSample = start + SAMPLE_NANOS;
      long lastSampleAcks = 0;
      long lastSampleAt = start;
      long end = start;
      while (true) {
        long now = System.nanoTime();
        long acked = ended.stream().mapToLong(i -> i.acks.size()).sum();
        for (int w = 0; w < n; w++) {
          Incarnation inc = current.get(w);
          if (inc == null) {
            continue;
          }
          inc.poll();
          acked += inc.acks.size();
          if (!inc.process.isAlive()) {
            int code = inc.process.waitFor(STOP_TIMEOUT);
            inc.poll();
            if (code != 0 || !inc.done) {
              processFailures.add(inc.name + " exited with " + code + (inc.done ? "" : " before finishing") + ": "
                  + tail(inc.process.stderr()));
            }
            history.add(new StoreHistoryChecker.Incarnation(w, inc.name, inc.acks, false, null));
            ended.add(inc);
            current.set(w, null);
            end = System.nanoTime();
          }
        }
        progress.doneSoFar(acked);
        if (!crashes.isEmpty()) {
          progress.note(" · crashes " + crashes.size());
        }
        if (now >= nextSample) {
          timeline.add(new StoreRun.RatePoint((now - start) / 1e9, (acked - lastSampleAcks) / ((now - lastSampleAt)
              / 1e9)));
          lastSampleAcks = acked;
          lastSampleAt = now;
          nextSample += SAMPLE_NANOS;
        }
        if (current.stream().allMatch(i -> i == null)) {
          progress.doneSoFar(total); // every update made: acknowledged, failed, or skipped after a crash
          break;
        }
        if (now > deadline) {
          processFailures.add("the workers did not finish within " + RUN_TIMEOUT);
          break;
        }
        if (settings.restartDatabase() && restarts.isEmpty() && acked * 2 >= total) {
          restartDatabase(start, acked, progress);
        }
        if (now >= nextCrash) {
          // Only a worker that is mid-work and has made some progress in its current life is killed: crashes
          // faster than JVMs start would otherwise leave no worker working at all.
          List<Integer> running = new ArrayList<>();
          for (int w = 0; w < n; w++) {
            Incarnation inc = current.get(w);
            if (inc != null && inc.acks.size() >= minProgress && inc.process.isAlive() && !inc.done) {
              running.add(w);
            }
          }
          if (!running.isEmpty()) {
            int w = running.get(random.nextInt(running.size()));
            Incarnation victim = current.get(w);
            victim.process.kill(); // SIGKILL: no shutdown hooks, no flush, mid-write or not
            victim.poll();
            StoreHistoryChecker.InFlight inFlight = victim.inFlight();
            history.add(new StoreHistoryChecker.Incarnation(w, victim.name, victim.acks, true, inFlight));
            ended.add(victim);
            // The next process skips the update that was in flight: one tag is never used twice.
            long next = victim.started ? victim.lastAttempted + (inFlight != null ? 2 : 1) : victim.first;
            crashes.add(new StoreRun.Crash((System.nanoTime() - start) / 1e9, w, victim.name, victim.acks.size(),
                victim.first, victim.lastAttempted, next <= settings.updates() ? next : 0));
            current.set(w, next <= settings.updates() ? new Incarnation(w, generation[w]++, next) : null);
            end = System.nanoTime();
          }
          nextCrash = nextCrash(now, random);
        }
        LockSupport.parkNanos(POLL_NANOS); // pacing the poll of the workers' output
      }
      double seconds = Math.max(1e-9, (end - start) / 1e9);
      reader.stdin().close();
      int readerCode = reader.waitFor(STOP_TIMEOUT);
      if (readerCode != 0) {
        processFailures.add("the reader exited with " + readerCode + ": " + tail(reader.stderr()));
      }
      List<Incarnation> all = new ArrayList<>(ended);
      return result(seconds, history, all, reader, crashes, timeline);
    } finally {
      for (Incarnation inc : current) {
        if (inc != null) {
          inc.process.close();
        }
      }
      reader.close();
    }
  }

  /**
   * Restarts the PostgreSQL server under the running workers: a fast shutdown (their open transactions rolled back,
   * their connections cut), then a start on the same data. The workers are not told: they must carry on by themselves.
   */
  private void restartDatabase(long start, long acked, Progress progress) {
    double at = (System.nanoTime() - start) / 1e9;
    progress.note(" · restarting the database");
    Duration down = settings.database().restart();
    acknowledgedAtRestart = acked;
    restarts.add(new StoreRun.DatabaseRestart(at, down.toNanos() / 1e9));
  }

  private long nextCrash(long from, Random random) {
    if (settings.crashEvery().isZero()) {
      return Long.MAX_VALUE;
    }
    return from + (long) (settings.crashEvery().toNanos() * (0.5 + random.nextDouble())); // on average crashEvery
  }

  private StoreRun result(double seconds, List<StoreHistoryChecker.Incarnation> history, List<Incarnation> all,
      ChildJvm reader, List<StoreRun.Crash> crashes, List<StoreRun.RatePoint> timeline) {
    List<String> readerViolations = new ArrayList<>();
    long torn = 0;
    long reads = 0;
    long otherReaderViolations = 0;
    for (String line : reader.stdoutLines()) {
      if (line.startsWith("violation ")) {
        readerViolations.add("the reader saw " + line.substring("violation ".length()));
        otherReaderViolations += line.startsWith("violation torn ") ? 0 : 1;
      } else if (line.startsWith("reads ")) {
        String[] f = line.split(" ");
        reads = Long.parseLong(f[1]);
        torn = Long.parseLong(f[5]);
      }
    }
    List<String> strayBefore = settings.store().strayFiles(settings.stateDir()); // what the crashes left
    Map<String, Session> finals = Map.of();
    String finalProblem = null;
    try {
      finals = settings.store().readFinal(where);
    } catch (RuntimeException e) {
      finalProblem = "the store cannot be read after the run: " + oneLine(e.getMessage());
    }
    List<String> strays = settings.store().strayFiles(settings.stateDir());
    StoreHistoryChecker.Outcome o = StoreHistoryChecker.check(history, finals, readerViolations);
    long errors = all.stream().mapToLong(i -> i.errors).sum();
    long[] micros = all.stream().flatMap(i -> i.acks.stream()).mapToLong(StoreHistoryChecker.Ack::micros).toArray();
    List<Check> checks = new ArrayList<>(List.of(
        Check.none("every acknowledged update is in the store", o.lost(), "acknowledged updates lost"),
        Check.none("no update applied twice", o.duplicated(), "updates applied twice"),
        Check.none("each worker's updates in order", o.outOfOrder(), "updates out of order"),
        Check.none("every read saw a whole, valid store (" + reads + " reads)", torn, "torn reads"),
        Check.none("no read saw the store go back", otherReaderViolations, "reads saw it go back"),
        new Check("the store reads back after the run", finalProblem == null,
            finalProblem == null ? finals.size() + " sessions" : finalProblem),
        new Check("no stray files left once the store is opened again (temporary files, lock files)",
            strays.isEmpty(), (strays.isEmpty() ? "none" : String.join(", ", strays)) + (strayBefore.isEmpty()
            ? "" : " (before that open: " + strayBefore.size() + " left by killed processes)")),
        Check.none("no update call failed", errors, "calls failed"),
        new Check("every process ran to its end", processFailures.isEmpty(),
            processFailures.isEmpty() ? (all.size() + " worker processes") : String.join("; ", processFailures))));
    if (settings.restartDatabase()) {
      long after = o.acknowledged() - acknowledgedAtRestart;
      checks.add(new Check("the workers carried on by themselves after the database restart",
          restarts.size() == 1 && after > 0 && errors == 0 && processFailures.isEmpty(), restarts.isEmpty()
          ? "the run ended before the restart" : String.format(java.util.Locale.ROOT, "down %.2f s; %d updates"
          + " acknowledged after it, %d calls failed", restarts.get(0).downSeconds(), after, errors)));
    }
    List<String> violations = new ArrayList<>(processFailures);
    if (finalProblem != null) {
      violations.add(finalProblem);
    }
    violations.addAll(o.violations());
    all.stream().flatMap(i -> i.failedCalls.stream()).limit(10).forEach(violations::add);
    return new StoreRun(settings.store().label(), settings.processes(), settings.updates(), o.acknowledged(),
        o.applied(), o.lost(), o.duplicated(), torn, o.acknowledged() / seconds, Latency.ofMicros(micros),
        crashes.size(), settings.hotSessions(), settings.crashEvery().toMillis() / 1000.0,
        settings.thinkTime().toNanos() / 1e6, seconds, reads, errors,
        o.outOfOrder(), strays, checks.stream().allMatch(Check::passed), checks,
        violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS)), timeline, crashes, restarts,
        settings.stateDir().toString(), where.url() == null ? null : SessionStores.redact(where.url()), micros);
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
  }

  private static String tail(String stderr) {
    return oneLine(stderr.length() <= 500 ? stderr : "…" + stderr.substring(stderr.length() - 500));
  }
}
