package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store checker on fabricated histories: each kind of wrong outcome is caught, the right one passes. */
class StoreHistoryCheckerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** The slot session after applying {@code tags} in order. */
  private static Session slotAfter(String... tags) {
    Session s = new Session("sess_a", "sha256:x", T0, T0.plusSeconds(3600), false, false, null, null, null, null,
        null, List.of());
    for (String tag : tags) {
      s = SlotCounter.increment(s, tag);
    }
    return s;
  }

  private static StoreHistoryChecker.Ack ack(String tag, long count) {
    return new StoreHistoryChecker.Ack("sess_a", tag, count, 100);
  }

  private static StoreHistoryChecker.Outcome check(Session last, boolean killed, StoreHistoryChecker.Ack... acks) {
    return StoreHistoryChecker.check(
        List.of(new StoreHistoryChecker.Incarnation("w0.0", List.of("sess_a"), List.of(acks), killed)),
        Map.of("sess_a", last), List.of());
  }

  @Test
  void everyAcknowledgedUpdatePresentOncePasses() {
    var outcome = check(slotAfter("t1", "t2", "t3"), false, ack("t1", 1), ack("t2", 2), ack("t3", 3));
    assertEquals(List.of(), outcome.violations());
    assertEquals(3, outcome.acknowledged());
  }

  @Test
  void anUnacknowledgedUpdateOfAKilledWorkerMayHaveLanded() {
    assertEquals(List.of(), check(slotAfter("t1", "t2", "t3"), true, ack("t1", 1), ack("t2", 2)).violations());
  }

  @Test
  void anOverwrittenUpdateIsLost() {
    // t2 read count 1 like t1 did, so t1's change vanished; both were acknowledged.
    var outcome = check(slotAfter("t2"), false, ack("t1", 1), ack("t2", 1));
    assertTrue(outcome.lost() > 0, outcome.toString());
    assertTrue(outcome.violations().stream().anyMatch(v -> v.contains("lost update")), outcome.toString());
  }

  @Test
  void anUpdateAppliedTwiceIsCaught() {
    var outcome = check(slotAfter("t1", "t1", "t2"), false, ack("t1", 1), ack("t2", 3));
    assertTrue(outcome.doubled() > 0, outcome.toString());
    assertTrue(outcome.violations().stream().anyMatch(v -> v.contains("twice")), outcome.toString());
  }

  @Test
  void anAcknowledgedUpdateMissingFromTheHistoryIsCaught() {
    var outcome = check(slotAfter("t1", "tX", "t3"), false, ack("t1", 1), ack("t2", 2), ack("t3", 3));
    assertEquals(1, outcome.lost(), outcome.toString());
  }

  @Test
  void readerViolationsFailTheRun() {
    var outcome = StoreHistoryChecker.check(List.of(), Map.of(), List.of("reader saw torn 0 bytes"));
    assertEquals(List.of("reader saw torn 0 bytes"), outcome.violations());
  }

  @Test
  void onlyWholeLinesAreAcknowledgements() {
    assertEquals(ack("t1", 7), StoreHistoryChecker.Ack.parse("ack sess_a t1 7 100 end"));
    assertEquals(null, StoreHistoryChecker.Ack.parse("ack sess_a t1 7 10")); // cut by a kill -9
    assertEquals(null, StoreHistoryChecker.Ack.parse("error sess_a busy end"));
  }
}
