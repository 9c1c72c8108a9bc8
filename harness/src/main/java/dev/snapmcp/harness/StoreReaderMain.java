package dev.snapmcp.harness;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The reader process of the store scenario: {@code STORE DIR URL} ({@link StoreLocation#asArgs}). Reads the whole
 * store as fast as it can, without the writers' lock ({@link UnlockedReader}), until stdin closes, and reports what a
 * reader must never see:
 * {@code violation torn ...} (not a whole, valid store), {@code violation revision-back ...} (the revision went back),
 * {@code violation revision-reused ...} (one revision, two different contents: two writers committed over each
 * other), {@code violation count-back ...} (a session's count went back: an update was lost). It pauses
 * {@link #PAUSE_NANOS} between reads, so on a small machine it does not take a whole core from the writers it watches
 * (still hundreds of reads a second). Prints
 * {@code reads N revisions M torn T} every second and once more at the end.
 */
public final class StoreReaderMain {

  private static final int MAX_REPORTED_PER_KIND = 20;
  static final long PAUSE_NANOS = 500_000;

  public static void main(String[] args) throws Exception {
    StoreKind kind = StoreKind.of(args[0]);
    StoreLocation where = StoreLocation.fromArgs(args, 1);
    Thread stopper = new Thread(StoreReaderMain::waitForStdinToClose, "stress-reader-stop");
    stopper.setDaemon(true);
    stopper.start();
    Map<String, Integer> reported = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    long reads = 0;
    long revisions = 0;
    long torn = 0;
    UnlockedReader.Snapshot last = null;
    long lastStatus = System.nanoTime();
    try (UnlockedReader reader = kind.reader(where)) {
      System.out.println("reading");
      while (stopper.isAlive()) {
        java.util.concurrent.locks.LockSupport.parkNanos(PAUSE_NANOS); // pacing, not synchronisation
        reads++;
        UnlockedReader.Snapshot now;
        try {
          now = reader.read();
        } catch (UnlockedReader.TornRead e) {
          torn++;
          violation(reported, "torn", e.getMessage() + " at read " + reads);
          continue;
        }
        if (last != null && now.revision() < last.revision()) {
          violation(reported, "revision-back", "from " + last.revision() + " to " + now.revision());
        } else if (last != null && now.revision() == last.revision() && now.contentHash() != last.contentHash()) {
          violation(reported, "revision-reused", "revision " + now.revision() + " seen with two different contents");
        }
        if (last == null || now.revision() != last.revision()) {
          revisions++;
        }
        for (Map.Entry<String, Long> e : now.counts().entrySet()) {
          Long before = counts.put(e.getKey(), e.getValue());
          if (before != null && e.getValue() < before) {
            violation(reported, "count-back", e.getKey() + " from " + before + " to " + e.getValue()
                + " at revision " + now.revision());
          }
        }
        last = now;
        if (System.nanoTime() - lastStatus > 1_000_000_000L) {
          lastStatus = System.nanoTime();
          System.out.println("reads " + reads + " revisions " + revisions + " torn " + torn);
        }
      }
    }
    System.out.println("reads " + reads + " revisions " + revisions + " torn " + torn);
    System.out.println("done");
  }

  private static void violation(Map<String, Integer> reported, String kind, String detail) {
    if (reported.merge(kind, 1, Integer::sum) <= MAX_REPORTED_PER_KIND) {
      System.out.println("violation " + kind + " " + detail.replace('\n', ' '));
    }
  }

  private static void waitForStdinToClose() {
    try {
      while (System.in.read() >= 0) {
        // EOF is the stop signal
      }
    } catch (IOException e) {
      // the coordinator is gone
    }
  }
}
