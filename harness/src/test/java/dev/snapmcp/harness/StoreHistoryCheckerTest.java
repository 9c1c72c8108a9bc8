package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store checker on fabricated histories: each kind of wrong outcome is caught and counted, the right one passes. */
class StoreHistoryCheckerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String HOT = "sess_hot";

  /** The session after applying these (worker, seq) updates in order. */
  private static Session after(int[]... updates) {
    Session s = new Session(HOT, "sha256:x", T0, T0.plusSeconds(3600), false, false, null, null, null, null, null,
        List.of());
    for (int[] u : updates) {
      s = SlotCounter.increment(s, Workload.tag(u[0], u[1]));
    }
    return s;
  }

  private static int[] u(int worker, int seq) {
    return new int[] {worker, seq};
  }

  private static StoreHistoryChecker.Ack ack(int worker, long seq, long count) {
    return new StoreHistoryChecker.Ack(worker, seq, HOT, count, 100);
  }

  private static StoreHistoryChecker.Incarnation worker(int w, StoreHistoryChecker.Ack... acks) {
    return new StoreHistoryChecker.Incarnation(w, "w" + w + ".0", List.of(acks), false, null);
  }

  private static StoreHistoryChecker.Outcome check(Session last, StoreHistoryChecker.Incarnation... incs) {
    return StoreHistoryChecker.check(List.of(incs), Map.of(HOT, last), List.of());
  }

  @Test
  void twoWorkersInterleavedOnOneSessionPass() {
    var o = check(after(u(0, 1), u(1, 1), u(0, 2), u(1, 2)),
        worker(0, ack(0, 1, 1), ack(0, 2, 3)), worker(1, ack(1, 1, 2), ack(1, 2, 4)));
    assertEquals(List.of(), o.violations());
    assertEquals(4, o.acknowledged());
    assertEquals(4, o.applied());
    assertEquals(0, o.lost() + o.duplicated() + o.outOfOrder());
  }

  @Test
  void theUpdateInFlightWhenAWorkerWasKilledMayHaveLanded() {
    var killed = new StoreHistoryChecker.Incarnation(0, "w0.0", List.of(ack(0, 1, 1)), true,
        new StoreHistoryChecker.InFlight(2, HOT));
    var restarted = worker(0, ack(0, 3, 3)); // the next process skips update 2
    var o = check(after(u(0, 1), u(0, 2), u(0, 3)), killed, restarted);
    assertEquals(List.of(), o.violations());
    assertEquals(3, o.applied());
  }

  @Test
  void anOverwrittenUpdateIsLost() {
    // worker 1 read count 0 like worker 0 did, so worker 0's change vanished; both were acknowledged.
    var o = check(after(u(1, 1)), worker(0, ack(0, 1, 1)), worker(1, ack(1, 1, 1)));
    assertEquals(1, o.lost(), o.toString());
    assertTrue(o.violations().stream().anyMatch(v -> v.contains("lost update")), o.toString());
  }

  @Test
  void anUpdateAppliedTwiceIsCounted() {
    var o = check(after(u(0, 1), u(0, 1), u(0, 2)), worker(0, ack(0, 1, 1), ack(0, 2, 3)));
    assertEquals(1, o.duplicated(), o.toString());
    assertTrue(o.violations().stream().anyMatch(v -> v.contains("twice")), o.toString());
  }

  @Test
  void anAcknowledgedUpdateMissingFromTheHistoryIsLost() {
    var o = check(after(u(0, 1), u(9, 9), u(0, 3)), worker(0, ack(0, 1, 1), ack(0, 2, 2), ack(0, 3, 3)));
    assertEquals(1, o.lost(), o.toString());
  }

  @Test
  void aStoreThatWentBackLosesTheUpdatesAfterIt() {
    // The file went back to count 1 after update 2 was acknowledged; update 3 then got count 2 again.
    var o = check(after(u(0, 1), u(0, 3)), worker(0, ack(0, 1, 1), ack(0, 2, 2), ack(0, 3, 2)));
    assertTrue(o.lost() >= 1, o.toString());
    assertTrue(o.outOfOrder() >= 1, "update 3 got no higher count than update 2: " + o);
  }

  @Test
  void updatesOfOneWorkerAppliedOutOfOrderAreCaught() {
    var o = check(after(u(0, 2), u(0, 1)), worker(0, ack(0, 1, 2), ack(0, 2, 1)));
    assertEquals(1, o.outOfOrder(), o.toString());
  }

  @Test
  void beyondTheBoundedHistoryTheCountsStillAccountForEveryUpdate() {
    List<int[]> updates = new ArrayList<>();
    List<StoreHistoryChecker.Ack> acks = new ArrayList<>();
    for (int i = 1; i <= Session.HISTORY_LIMIT * 3; i++) {
      updates.add(u(0, i));
      acks.add(ack(0, i, i));
    }
    var good = check(after(updates.toArray(int[][]::new)), worker(0, acks.toArray(StoreHistoryChecker.Ack[]::new)));
    assertEquals(List.of(), good.violations());
    updates.remove(10); // an early update, long gone from the history, never counted
    var bad = check(after(updates.toArray(int[][]::new)), worker(0, acks.toArray(StoreHistoryChecker.Ack[]::new)));
    assertTrue(bad.lost() >= 1, bad.toString());
  }

  @Test
  void aSessionMissingFromTheFinalStoreLosesItsUpdates() {
    var o = StoreHistoryChecker.check(List.of(worker(0, ack(0, 1, 1), ack(0, 2, 2))), Map.of(), List.of());
    assertEquals(2, o.lost());
  }

  @Test
  void readerViolationsComeThrough() {
    var o = StoreHistoryChecker.check(List.of(), Map.of(), List.of("the reader saw torn 0 bytes"));
    assertEquals(List.of("the reader saw torn 0 bytes"), o.violations());
  }

  @Test
  void onlyWholeLinesAreAcknowledgements() {
    assertEquals(ack(0, 7, 3), StoreHistoryChecker.Ack.parse(0, "ack 7 sess_hot 3 100 end"));
    assertEquals(null, StoreHistoryChecker.Ack.parse(0, "ack 7 sess_hot 3 10")); // cut by a kill -9
    assertEquals(null, StoreHistoryChecker.Ack.parse(0, "error 7 sess_hot busy end"));
  }
}
