package dev.snapmcp.harness;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StoreTuning;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process of the store scenario: {@code DIR STORE GROUP_COMMIT INCARNATION SLOT...} where STORE is {@code real}
 * or {@code broken}. One thread per slot session updates it in a loop ({@link SlotCounter#increment}) until stdin
 * closes. After each update has RETURNED it prints {@code ack SLOT TAG COUNT MICROS end}: a printed line is a promise
 * that the update is durable. A failed update prints {@code error SLOT MESSAGE end}. Killing it with -9 at any moment
 * is part of the scenario.
 */
public final class StoreWorkerMain {

  private static final PrintStream OUT = System.out;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    boolean broken = args[1].equals("broken");
    boolean groupCommit = Boolean.parseBoolean(args[2]);
    String incarnation = args[3];
    List<String> slots = List.of(args).subList(4, args.length);
    try (SessionStore store = broken ? new BrokenPrototypeStore(dir)
        : StoreTuning.open(dir, Clock.systemUTC(), groupCommit, Duration.ofSeconds(10))) {
      List<Thread> threads = new ArrayList<>();
      for (String slot : slots) {
        Thread t = new Thread(() -> updateUntilStopped(store, slot, incarnation), "stress-writer-" + slot);
        t.setDaemon(true);
        threads.add(t);
      }
      println("ready");
      threads.forEach(Thread::start);
      waitForStdinToClose();
      stop = true;
      for (Thread t : threads) {
        t.join(30_000);
      }
      println("done");
    }
  }

  private static volatile boolean stop;

  private static void updateUntilStopped(SessionStore store, String slot, String incarnation) {
    for (long i = 1; !stop; i++) {
      String tag = slot + "/" + incarnation + "/" + i;
      long start = System.nanoTime();
      try {
        long count = SlotCounter.count(store.update(slot, s -> SlotCounter.increment(s, tag)));
        long micros = (System.nanoTime() - start) / 1_000;
        println("ack " + slot + " " + tag + " " + count + " " + micros + " end");
      } catch (RuntimeException e) {
        println("error " + slot + " " + String.valueOf(e).replace('\n', ' ') + " end");
      }
    }
  }

  private static void waitForStdinToClose() {
    try {
      while (System.in.read() >= 0) {
        // the coordinator never writes; EOF is the stop signal
      }
    } catch (IOException e) {
      // the coordinator is gone: stop as well
    }
  }

  /** One write per line, so a kill -9 can cut a line only at its end (the checker ignores lines without "end"). */
  private static void println(String line) {
    byte[] bytes = (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    synchronized (OUT) {
      OUT.write(bytes, 0, bytes.length);
      OUT.flush();
    }
  }
}
