package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connections checker on fabricated histories: the bad ones a broken bridge or store would leave are caught, each
 * counted in its own field, and good ones pass.
 */
class ConnectionsHistoryCheckerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static SessionEvent ev(String type, String connection) {
    return new SessionEvent(type, T0, connection, type.equals(SessionEvent.DISCONNECTED) ? "closed" : null);
  }

  private static Session session(boolean connected, String connectionId, SessionEvent... history) {
    return new Session("sess_a", "sha256:x", T0, T0.plusSeconds(3600), false, connected, connectionId, T0,
        connected ? null : T0, T0, null, List.of(history));
  }

  private static void assertCounts(ConnectionsHistoryChecker.Outcome o, long mismatches, long flips, long incomplete) {
    assertEquals(List.of(mismatches, flips, incomplete),
        List.of(o.stateMismatches(), o.lateCloseFlips(), o.incompleteHistories()), o.violations().toString());
  }

  @Test
  void aReplacementFollowedByTheOldSocketsLateCloseIsConsistent() {
    Session s = session(true, "c2",
        ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"), ev("disconnected", "c1"));
    ConnectionsHistoryChecker.Outcome o = ConnectionsHistoryChecker.check(Map.of("sess_a", s), Map.of("sess_a", "c2"));
    assertCounts(o, 0, 0, 0);
    assertEquals(List.of(), o.violations());
  }

  @Test
  void aLateCloseThatFlippedTheNewerConnectionIsCountedAsAFlip() {
    // The broken outcome: c1's late close flipped the session to disconnected although c2 is open.
    Session s = session(false, "c2",
        ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"), ev("disconnected", "c1"));
    ConnectionsHistoryChecker.Outcome o = ConnectionsHistoryChecker.check(Map.of("sess_a", s), Map.of("sess_a", "c2"));
    assertCounts(o, 0, 1, 0);
    assertTrue(o.violations().stream().anyMatch(v -> v.contains("late close of c1")), o.violations().toString());
  }

  @Test
  void aFlipIsCaughtFromTheHistoryAloneWhenNoSocketIsOpen() {
    // Nobody holds c2 at the end (its close may be in flight), but the history says c2 is current.
    Session s = session(false, "c1",
        ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"), ev("disconnected", "c1"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", s), Map.of()), 0, 1, 0);
  }

  @Test
  void aFinalStateThatDoesNotMatchTheLastEventIsAMismatch() {
    // The last event closed the current connection, yet the session says connected.
    Session stillConnected = session(true, "c1", ev("connected", "c1"), ev("disconnected", "c1"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", stillConnected), Map.of()), 1, 0, 0);
    // The last event connected c2, yet the session says disconnected: not a late close, a plain mismatch.
    Session lost = session(false, "c2", ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", lost), Map.of("sess_a", "c2")), 1, 0, 0);
    // Connected, but with another connection than the history's current one.
    Session other = session(true, "c9", ev("connected", "c1"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", other), Map.of("sess_a", "c1")), 1, 0, 0);
  }

  @Test
  void aSessionConnectedWithoutAnOpenSocketIsAMismatch() {
    Session s = session(true, "c1", ev("connected", "c1"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", s), Map.of()), 1, 0, 0);
    Session closed = session(false, "c1", ev("connected", "c1"), ev("disconnected", "c1"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", closed), Map.of()), 0, 0, 0);
  }

  @Test
  void anOpenSocketForASessionNotInTheStoreIsAMismatch() {
    assertCounts(ConnectionsHistoryChecker.check(Map.of(), Map.of("sess_b", "c1")), 1, 0, 0);
  }

  @Test
  void aMissingEndEventIsAnIncompleteHistory() {
    // c1 never ended: no 'replaced' before c2 connected.
    Session s = session(false, "c2", ev("connected", "c1"), ev("connected", "c2"), ev("disconnected", "c2"));
    ConnectionsHistoryChecker.Outcome o = ConnectionsHistoryChecker.check(Map.of("sess_a", s), Map.of());
    assertCounts(o, 0, 0, 1);
    assertTrue(o.violations().stream().anyMatch(v -> v.contains("never ended")), o.violations().toString());
    assertTrue(o.violations().stream().anyMatch(v -> v.contains("without 'replaced'")), o.violations().toString());
  }

  @Test
  void aReplacedEventForAConnectionThatWasNotCurrentIsAnIncompleteHistory() {
    Session s = session(true, "c3",
        ev("connected", "c1"), ev("replaced", "c2"), ev("connected", "c3"), ev("disconnected", "c1"));
    assertCounts(ConnectionsHistoryChecker.check(Map.of("sess_a", s), Map.of("sess_a", "c3")), 0, 0, 1);
  }

  @Test
  void raceWinnerIsKnownOnlyOnceTheLoserHasClosedLate() {
    Session racing = session(true, "c2", ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"));
    assertNull(ConnectionsScenario.raceWinner(racing, Set.of("c1", "c2")));
    Session settled = session(true, "c2",
        ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"), ev("disconnected", "c1"));
    assertEquals("c2", ConnectionsScenario.raceWinner(settled, Set.of("c1", "c2")));
    // Only the winner had its welcome (the loser was closed first): the loser's id comes from 'replaced'.
    assertEquals("c2", ConnectionsScenario.raceWinner(settled, Set.of("c2")));
    // An older race in the history does not count for this one.
    assertNull(ConnectionsScenario.raceWinner(settled, Set.of("c7")));
  }
}
