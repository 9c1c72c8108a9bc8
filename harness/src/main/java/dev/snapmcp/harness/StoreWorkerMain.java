package dev.snapmcp.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker process of the store scenario: {@code STORE DIR URL WORKER FIRST_SEQ LAST_SEQ THINK_NANOS WORKLOAD...}
 * ({@link StoreLocation#asArgs} for DIR and URL; see
 * {@link Workload#asArgs}). Opens the store, prints {@code ready}, waits for {@code go} on stdin, then makes updates
 * FIRST_SEQ to LAST_SEQ one after another (pausing THINK_NANOS before each), each to the session {@link
 * Workload#sessionFor} names. After an update has RETURNED
 * it prints {@code ack SEQ SESSION COUNT MICROS end}: a printed line is a promise that the update is durable. A failed
 * update prints {@code error SEQ SESSION MESSAGE end}. Prints {@code done} at the end; stops early when stdin closes.
 * Killing it with -9 at any moment is part of the scenario.
 */
public final class StoreWorkerMain {

  private static final PrintStream OUT = System.out;

  public static void main(String[] args) throws Exception {
    StoreKind kind = StoreKind.of(args[0]);
    StoreLocation where = StoreLocation.fromArgs(args, 1);
    int worker = Integer.parseInt(args[3]);
    long first = Long.parseLong(args[4]);
    long last = Long.parseLong(args[5]);
    long thinkNanos = Long.parseLong(args[6]);
    Workload workload = Workload.fromArgs(List.of(args).subList(7, args.length));
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (StressTarget store = kind.open(where)) {
      println("ready");
      if (!"go".equals(stdin.readLine())) {
        return; // the coordinator gave up before the start
      }
      Thread stopper = new Thread(() -> drain(stdin), "stress-worker-stop");
      stopper.setDaemon(true);
      stopper.start();
      for (long seq = first; seq <= last && stopper.isAlive(); seq++) {
        if (thinkNanos > 0) {
          LockSupport.parkNanos(thinkNanos); // a user's pace: the workload, not synchronisation
        }
        String session = workload.sessionFor(worker, seq);
        String tag = Workload.tag(worker, seq);
        long start = System.nanoTime();
        try {
          long count = SlotCounter.count(store.update(session, s -> SlotCounter.increment(s, tag)));
          long micros = (System.nanoTime() - start) / 1_000;
          println("ack " + seq + " " + session + " " + count + " " + micros + " end");
        } catch (RuntimeException e) {
          println("error " + seq + " " + session + " " + String.valueOf(e).replace('\n', ' ') + " end");
        }
      }
      println("done");
    }
  }

  private static void drain(BufferedReader stdin) {
    try {
      while (stdin.readLine() != null) {
        // the coordinator writes nothing after "go"; EOF is the stop signal
      }
    } catch (IOException e) {
      // the coordinator is gone: stop as well
    }
  }

  /** One write per line, so a kill -9 can cut a line only at its end (the checker ignores lines without "end"). */
  private static void println(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (OUT) {
      OUT.write(bytes, 0, bytes.length);
      OUT.flush();
    }
  }
}
