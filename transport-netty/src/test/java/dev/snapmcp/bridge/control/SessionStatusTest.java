package dev.snapmcp.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.snapmcp.bridge.control.SessionStatus.Drop;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one derivation of the session states, from the store's session, the live connection, the clock and the grace. */
class SessionStatusTest {

  private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(30);

  private static Session session(boolean connected, String connection, Instant droppedAt, SessionEvent... history) {
    return new Session("sess_1", "sha256:x", T.minusSeconds(600), T.plusSeconds(3600), false, connected, connection,
        connection == null ? null : T.minusSeconds(300), droppedAt, null, null, List.of(history));
  }

  private static SessionEvent dropped(String connection, Instant at, String reason) {
    return new SessionEvent(SessionEvent.DISCONNECTED, at, connection, reason);
  }

  private static SessionStatus fromStore(Session s, Instant now) {
    return SessionStatus.derive(s, s.connected(), Drop.of(s), now, GRACE);
  }

  @Test
  void eachStateFromTheStore() {
    assertEquals(SessionState.NOT_PAIRED, fromStore(session(false, null, null), T).state());
    assertEquals(SessionState.CONNECTED, fromStore(session(true, "conn_1", null), T).state());
    Session restarted = session(false, "conn_1", T, dropped("conn_1", T, "bridge_restarted"));
    assertEquals(new SessionStatus(SessionState.RECONNECTING, T), fromStore(restarted, T.plusSeconds(29)));
    assertEquals(new SessionStatus(SessionState.NOT_CONNECTED, T), fromStore(restarted, T.plusSeconds(30)));
    Session closed = session(false, "conn_1", T, dropped("conn_1", T, "tab_closed"));
    assertEquals(new SessionStatus(SessionState.TAB_CLOSED, T), fromStore(closed, T.plusSeconds(1)));
    Session revoked = new Session("sess_1", "sha256:x", T, T.plusSeconds(60), true, false, "conn_1", T, T, null, null,
        List.of());
    assertEquals(SessionState.REVOKED, fromStore(revoked, T).state());
    assertEquals(SessionState.EXPIRED, fromStore(session(true, "conn_1", null), T.plusSeconds(3600)).state());
  }

  @Test
  void theDropIsTheCurrentConnectionsNotAnOlderOnesLateClose() {
    Session s = session(false, "conn_2", T,
        dropped("conn_2", T, "heartbeat_timeout"), dropped("conn_1", T.plusSeconds(1), "tab_closed"));
    assertEquals(new Drop(T, "heartbeat_timeout"), Drop.of(s));
    assertNull(Drop.of(session(true, "conn_2", null)));
  }

  @Test
  void theBridgesOwnNewerKnowledgeWins() {
    Session staleStore = session(true, "conn_1", null);
    Drop seen = new Drop(T, "closed");
    assertEquals(new SessionStatus(SessionState.RECONNECTING, T),
        SessionStatus.derive(staleStore, false, Drop.newer(Drop.of(staleStore), seen), T.plusSeconds(2), GRACE));
    assertEquals(seen, Drop.newer(new Drop(T.minusSeconds(5), "tab_closed"), seen));
    assertEquals("0.4 s", SessionStatus.ago(T, T.plusMillis(400)));
    assertEquals("45 s", SessionStatus.ago(T, T.plusSeconds(45)));
  }
}
