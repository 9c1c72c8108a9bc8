package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge checker on fabricated histories: the bad ones a broken bridge or store would leave are caught. */
class BridgeHistoryCheckerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static SessionEvent ev(String type, String connection) {
    return new SessionEvent(type, T0, connection, type.equals(SessionEvent.DISCONNECTED) ? "closed" : null);
  }

  private static Session session(boolean connected, String connectionId, SessionEvent... history) {
    return new Session("sess_a", "sha256:x", T0, T0.plusSeconds(3600), false, connected, connectionId, T0,
        connected ? null : T0, T0, null, List.of(history));
  }

  @Test
  void aReplacementFollowedByTheOldSocketsLateCloseIsConsistent() {
    Session s = session(true, "c2",
        ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"), ev("disconnected", "c1"));
    assertEquals(List.of(), BridgeHistoryChecker.check(Map.of("sess_a", s), Map.of("sess_a", "c2")));
  }

  @Test
  void aLateCloseThatMarkedTheNewerConnectionGoneIsCaught() {
    // The broken outcome: c1's late close flipped the session to disconnected although c2 is open.
    Session s = session(false, "c2",
        ev("connected", "c1"), ev("replaced", "c1"), ev("connected", "c2"), ev("disconnected", "c1"));
    List<String> violations = BridgeHistoryChecker.check(Map.of("sess_a", s), Map.of("sess_a", "c2"));
    assertFalse(violations.isEmpty());
    assertTrue(violations.stream().anyMatch(v -> v.contains("late close")), violations.toString());
  }

  @Test
  void aConnectionWithoutReplacedIsCaught() {
    Session s = session(true, "c2", ev("connected", "c1"), ev("connected", "c2"));
    List<String> violations = BridgeHistoryChecker.check(Map.of("sess_a", s), Map.of("sess_a", "c2"));
    assertTrue(violations.stream().anyMatch(v -> v.contains("without 'replaced'")), violations.toString());
  }

  @Test
  void aConnectionNeverEndedIsCaught() {
    Session s = session(false, "c2", ev("connected", "c1"), ev("connected", "c2"), ev("disconnected", "c2"));
    List<String> violations = BridgeHistoryChecker.checkHistory(s);
    assertTrue(violations.stream().anyMatch(v -> v.contains("never ended")), violations.toString());
  }

  @Test
  void aSessionConnectedWithoutAnOpenSocketIsCaught() {
    Session s = session(true, "c1", ev("connected", "c1"));
    assertEquals(1, BridgeHistoryChecker.check(Map.of("sess_a", s), Map.of()).size());
    Session closed = session(false, "c1", ev("connected", "c1"), ev("disconnected", "c1"));
    assertEquals(List.of(), BridgeHistoryChecker.check(Map.of("sess_a", closed), Map.of()));
  }
}
