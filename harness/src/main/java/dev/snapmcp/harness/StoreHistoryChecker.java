package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the store scenario's recorded history: what each worker process acknowledged, in order, which ones were
 * killed (and which update each had in flight then), and the final state of the store. Every update adds one to its
 * session's count and leaves its tag ({@link Workload#tag}) in the session's bounded history, and the worker prints
 * the count the store returned. So, per session:
 * <ul>
 *   <li>lost: two acknowledged updates that got the same count (one overwrote the other), fewer updates counted than
 *       acknowledged, or an acknowledged update missing from the history where its count puts it;
 *   <li>applied twice: a final count above what was acknowledged plus what was in flight when a worker was killed, or
 *       one tag twice in the history;
 *   <li>order: one worker's updates to a session got growing counts in the order the worker made them;
 *   <li>the history holds as many updates as the count says (up to its bound).
 * </ul>
 * The reader's own findings (torn reads, revisions going back) come in as violations too.
 */
final class StoreHistoryChecker {

  /** One acknowledged update, as the worker printed it after the call returned. */
  record Ack(int worker, long seq, String session, long count, long micros) {

    /** Parses worker {@code worker}'s {@code ack SEQ SESSION COUNT MICROS end}; null for any other (or cut) line. */
    static Ack parse(int worker, String line) {
      String[] f = line.split(" ");
      if (f.length != 6 || !f[0].equals("ack") || !f[5].equals("end")) {
        return null;
      }
      try {
        return new Ack(worker, Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), Long.parseLong(f[4]));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** An update that may or may not have landed: its worker was killed before acknowledging it. */
  record InFlight(long seq, String session) {}

  /**
   * One worker process's life: what it acknowledged in order, and, if it was killed with -9, the update it had in
   * flight (null if it had none left to make).
   */
  record Incarnation(int worker, String name, List<Ack> acks, boolean killed, InFlight inFlight) {}

  /** What the checker found. {@code applied} is the sum of the final counts of the sessions updated. */
  record Outcome(long acknowledged, long applied, long lost, long duplicated, long outOfOrder,
      List<String> violations) {}

  private static final int MAX_PER_SESSION = 5;

  private StoreHistoryChecker() {}

  static Outcome check(List<Incarnation> incarnations, Map<String, Session> finalSessions,
      List<String> readerViolations) {
    List<String> violations = new ArrayList<>(readerViolations);
    Map<String, List<Ack>> acksBySession = new TreeMap<>();
    Map<String, Integer> inFlightBySession = new HashMap<>();
    Map<Integer, Long> lastSeqByWorker = new HashMap<>();
    long acknowledged = 0;
    long outOfOrder = 0;
    for (Incarnation inc : incarnations) {
      for (Ack ack : inc.acks()) {
        acknowledged++;
        acksBySession.computeIfAbsent(ack.session(), k -> new ArrayList<>()).add(ack);
        Long before = lastSeqByWorker.put(inc.worker(), ack.seq());
        if (before != null && ack.seq() <= before) {
          outOfOrder++;
          violations.add(inc.name() + ": update " + ack.seq() + " acknowledged after update " + before
              + " (a worker's updates are made in order)");
        }
      }
      if (inc.inFlight() != null) {
        inFlightBySession.merge(inc.inFlight().session(), 1, Integer::sum);
        acksBySession.computeIfAbsent(inc.inFlight().session(), k -> new ArrayList<>());
      }
    }
    long lost = 0;
    long duplicated = 0;
    long applied = 0;
    for (Map.Entry<String, List<Ack>> e : acksBySession.entrySet()) {
      String id = e.getKey();
      List<Ack> acks = e.getValue();
      List<String> found = new ArrayList<>();
      Session last = finalSessions.get(id);
      if (last == null) {
        lost += acks.size();
        addCapped(violations, List.of(id + ": missing from the final store; its " + acks.size()
            + " acknowledged updates are lost"));
        continue;
      }
      long finalCount = SlotCounter.count(last);
      applied += finalCount;
      int inFlight = inFlightBySession.getOrDefault(id, 0);
      // Lost: collisions on one count, too few counted, or missing from the history where the count puts them.
      Map<Long, Ack> byCount = new HashMap<>();
      long collisions = 0;
      for (Ack ack : acks) {
        Ack other = byCount.putIfAbsent(ack.count(), ack);
        if (other != null) {
          collisions++;
          found.add(id + ": lost update: updates " + tagOf(other) + " and " + tagOf(ack)
              + " were both acknowledged with count " + ack.count() + " (one overwrote the other)");
        }
      }
      long tooFew = Math.max(0, acks.size() - finalCount);
      if (tooFew > 0) {
        found.add(id + ": " + acks.size() + " updates acknowledged but the final count is " + finalCount);
      }
      List<String> tags = new ArrayList<>();
      for (SessionEvent ev : last.history()) {
        if (SlotCounter.EVENT_REASON.equals(ev.reason())) {
          tags.add(ev.connectionId());
        }
      }
      Set<String> inHistory = new HashSet<>();
      long twiceInHistory = 0;
      for (String tag : tags) {
        if (!inHistory.add(tag)) {
          twiceInHistory++;
          found.add(id + ": update " + tag + " is in the history twice");
        }
      }
      long expectedSize = Math.min(Session.HISTORY_LIMIT, finalCount);
      if (tags.size() != expectedSize) {
        found.add(id + ": the history holds " + tags.size() + " updates, the count " + finalCount + " says "
            + expectedSize);
      }
      long missingFromHistory = 0;
      for (Ack ack : acks) {
        long back = finalCount - ack.count(); // 0 for the newest
        if (back < 0 || back >= tags.size()) {
          continue; // beyond the bounded history (or counted above)
        }
        String atPlace = tags.get((int) (tags.size() - 1 - back));
        String tag = tagOf(ack);
        if (!tag.equals(atPlace)) {
          if (!inHistory.contains(tag)) {
            missingFromHistory++;
          }
          found.add(id + ": acknowledged update " + tag + " (count " + ack.count() + ") is "
              + (inHistory.contains(tag) ? "out of place" : "missing") + " in the history; found " + atPlace);
        }
      }
      lost += Math.max(collisions, Math.max(tooFew, missingFromHistory));
      long over = Math.max(0, finalCount - acks.size() - inFlight);
      if (over > 0) {
        found.add(id + ": final count " + finalCount + " exceeds the " + acks.size() + " acknowledged updates plus "
            + inFlight + " possibly in flight when a worker was killed (applied twice?)");
      }
      duplicated += Math.max(over, twiceInHistory);
      // Order: each worker's updates to this session got growing counts in the order it made them.
      Map<Integer, Ack> lastByWorker = new HashMap<>();
      for (Incarnation inc : incarnations) {
        for (Ack ack : inc.acks()) {
          if (!ack.session().equals(id)) {
            continue;
          }
          Ack before = lastByWorker.put(inc.worker(), ack);
          if (before != null && ack.count() <= before.count()) {
            outOfOrder++;
            found.add(id + ": worker " + inc.worker() + "'s update " + ack.seq() + " got count " + ack.count()
                + " after its update " + before.seq() + " got " + before.count() + " (out of order)");
          }
        }
      }
      addCapped(violations, found);
    }
    return new Outcome(acknowledged, applied, lost, duplicated, outOfOrder, violations);
  }

  private static String tagOf(Ack ack) {
    return Workload.tag(ack.worker(), ack.seq());
  }

  private static void addCapped(List<String> violations, List<String> found) {
    violations.addAll(found.subList(0, Math.min(found.size(), MAX_PER_SESSION)));
    if (found.size() > MAX_PER_SESSION) {
      violations.add("… and " + (found.size() - MAX_PER_SESSION) + " more like these for the same session");
    }
  }
}
