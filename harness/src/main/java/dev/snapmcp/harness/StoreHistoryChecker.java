package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the store scenario's recorded history: what each worker incarnation acknowledged (in order), which
 * incarnations were killed, and the final document. Every acknowledged update must be present exactly once:
 * <ul>
 *   <li>per slot, no two acknowledged updates produced the same count (else one overwrote the other: lost);
 *   <li>the final count is at least every acknowledged count and at least the number acknowledged (nothing lost), and
 *       at most that number plus one in-flight update per killed incarnation (nothing applied twice);
 *   <li>every acknowledged update still inside the bounded history is there exactly once, at the place its count
 *       says;
 *   <li>the reader never saw a torn document, a revision going back or reused, or a count going back.
 * </ul>
 */
final class StoreHistoryChecker {

  /** One acknowledged update, as the worker printed it after the call returned. */
  record Ack(String slot, String tag, long count, long micros) {

    /** Parses {@code ack SLOT TAG COUNT MICROS end}; null for any other (or cut) line. */
    static Ack parse(String line) {
      String[] f = line.split(" ");
      if (f.length != 6 || !f[0].equals("ack") || !f[5].equals("end")) {
        return null;
      }
      try {
        return new Ack(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** One worker process's life: its slots, what it acknowledged in order, and whether it was killed with -9. */
  record Incarnation(String name, List<String> slots, List<Ack> acks, boolean killed) {}

  /** What the checker found. */
  record Outcome(long acknowledged, long lost, long doubled, List<String> violations) {}

  private static final int MAX_PER_SLOT = 5;

  private StoreHistoryChecker() {}

  static Outcome check(List<Incarnation> incarnations, Map<String, Session> finalSlots, List<String> readerViolations) {
    List<String> violations = new ArrayList<>(readerViolations);
    Map<String, List<Ack>> acksBySlot = new TreeMap<>();
    Map<String, Integer> killsBySlot = new HashMap<>();
    long acknowledged = 0;
    long lost = 0;
    long doubled = 0;
    for (Incarnation inc : incarnations) {
      for (String slot : inc.slots()) {
        acksBySlot.computeIfAbsent(slot, k -> new ArrayList<>());
        if (inc.killed()) {
          killsBySlot.merge(slot, 1, Integer::sum);
        }
      }
      Map<String, Long> lastCount = new HashMap<>();
      for (Ack ack : inc.acks()) {
        acknowledged++;
        acksBySlot.computeIfAbsent(ack.slot(), k -> new ArrayList<>()).add(ack);
        Long before = lastCount.put(ack.slot(), ack.count());
        if (before != null && ack.count() <= before) {
          violations.add(inc.name() + ": " + ack.tag() + " acknowledged count " + ack.count() + " after "
              + before + " (counts of one writer must grow)");
        }
      }
    }
    for (Map.Entry<String, List<Ack>> e : acksBySlot.entrySet()) {
      String slot = e.getKey();
      List<Ack> acks = e.getValue();
      List<String> found = new ArrayList<>();
      Session last = finalSlots.get(slot);
      if (last == null) {
        found.add(slot + ": missing from the final document; its " + acks.size() + " acknowledged updates are lost");
        lost += acks.size();
        addCapped(violations, found);
        continue;
      }
      long finalCount = SlotCounter.count(last);
      int kills = killsBySlot.getOrDefault(slot, 0);
      Map<Long, Ack> byCount = new HashMap<>();
      long maxAcked = 0;
      for (Ack ack : acks) {
        Ack other = byCount.putIfAbsent(ack.count(), ack);
        if (other != null) {
          found.add(slot + ": lost update: " + other.tag() + " and " + ack.tag() + " were both acknowledged with count "
              + ack.count() + " (one overwrote the other)");
        }
        maxAcked = Math.max(maxAcked, ack.count());
      }
      if (acks.size() > finalCount) {
        lost += acks.size() - finalCount;
        found.add(slot + ": " + acks.size() + " updates acknowledged but the final count is " + finalCount + " ("
            + (acks.size() - finalCount) + " lost)");
      }
      if (maxAcked > finalCount) {
        found.add(slot + ": count " + maxAcked + " was acknowledged but the final count is " + finalCount);
      }
      if (finalCount > acks.size() + kills) {
        doubled += finalCount - acks.size() - kills;
        found.add(slot + ": final count " + finalCount + " exceeds the " + acks.size() + " acknowledged updates plus "
            + kills + " possibly in flight when killed (an update applied twice?)");
      }
      List<String> tags = new ArrayList<>();
      for (SessionEvent ev : last.history()) {
        if (SlotCounter.EVENT_REASON.equals(ev.reason())) {
          tags.add(ev.connectionId());
        }
      }
      Map<String, Integer> seen = new HashMap<>();
      for (String tag : tags) {
        if (seen.merge(tag, 1, Integer::sum) == 2) {
          found.add(slot + ": update " + tag + " is in the history twice");
        }
      }
      long expectedSize = Math.min(Session.HISTORY_LIMIT, finalCount);
      if (tags.size() != expectedSize) {
        found.add(slot + ": the history holds " + tags.size() + " updates, the count " + finalCount + " says "
            + expectedSize);
      }
      for (Ack ack : acks) {
        long back = finalCount - ack.count(); // 0 for the newest
        if (back < 0 || back >= tags.size()) {
          continue; // beyond the bounded history (or already reported above)
        }
        String atPlace = tags.get((int) (tags.size() - 1 - back));
        if (!ack.tag().equals(atPlace)) {
          if (!seen.containsKey(ack.tag())) {
            lost++;
          }
          found.add(slot + ": acknowledged update " + ack.tag() + " (count " + ack.count() + ") is "
              + (seen.containsKey(ack.tag()) ? "out of place" : "missing") + " in the history; found " + atPlace);
        }
      }
      addCapped(violations, found);
    }
    return new Outcome(acknowledged, lost, doubled, violations);
  }

  private static void addCapped(List<String> violations, List<String> found) {
    violations.addAll(found.subList(0, Math.min(found.size(), MAX_PER_SLOT)));
    if (found.size() > MAX_PER_SLOT) {
      violations.add("… and " + (found.size() - MAX_PER_SLOT) + " more like these for the same slot");
    }
  }
}
