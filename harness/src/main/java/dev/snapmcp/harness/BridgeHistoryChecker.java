package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks what the bridge recorded in the store against what its clients saw, after a connect/disconnect storm:
 * <ul>
 *   <li>each session's history reads as a sequence of connections: a {@code connected C} comes only when no other
 *       connection is current (a newer socket first records {@code replaced} for the old one), and every connection
 *       that is not the current one at the end was ended by a {@code disconnected} or {@code replaced} event;
 *   <li>a late close never marks a newer connection disconnected: a {@code disconnected X} event for a connection that
 *       is no longer current leaves the current one connected;
 *   <li>the final state matches the live sockets: a session is connected, with that connection id, exactly when a
 *       client still holds an open, welcomed socket for it.
 * </ul>
 * The history is bounded (oldest events dropped), so the walk starts at the first {@code connected} event it holds.
 */
final class BridgeHistoryChecker {

  private BridgeHistoryChecker() {}

  /**
   * @param finalSessions the sessions as the store holds them at the end, by id
   * @param liveConnections for each session the connection id of the open socket a client holds at the end (absent:
   *     none)
   */
  static List<String> check(Map<String, Session> finalSessions, Map<String, String> liveConnections) {
    List<String> violations = new ArrayList<>();
    for (Session s : finalSessions.values()) {
      violations.addAll(checkHistory(s));
      String live = liveConnections.get(s.id());
      if (live != null && !s.connected()) {
        violations.add(s.id() + ": marked disconnected while connection " + live + " is still open"
            + (live.equals(s.connectionId()) ? " (a late close marked the newer connection gone?)" : ""));
      } else if (live != null && !live.equals(s.connectionId())) {
        violations.add(s.id() + ": the store says connection " + s.connectionId() + " but the open socket is " + live);
      } else if (live == null && s.connected()) {
        violations.add(s.id() + ": marked connected (" + s.connectionId() + ") but no client holds an open socket");
      }
    }
    for (String id : liveConnections.keySet()) {
      if (!finalSessions.containsKey(id)) {
        violations.add(id + ": a client holds an open socket but the session is not in the store");
      }
    }
    return violations;
  }

  /** The history rules for one session. */
  static List<String> checkHistory(Session s) {
    List<String> violations = new ArrayList<>();
    String current = null; // the connection the history says is current
    boolean started = false;
    Set<String> ended = new HashSet<>();
    Set<String> opened = new HashSet<>();
    for (SessionEvent e : s.history()) {
      String c = e.connectionId();
      switch (e.type()) {
        case SessionEvent.CONNECTED -> {
          if (started && current != null) {
            violations.add(s.id() + ": " + c + " connected while " + current + " was still current, without"
                + " 'replaced'");
          }
          started = true;
          current = c;
          opened.add(c);
        }
        case SessionEvent.REPLACED -> {
          if (started && !Objects.equals(current, c)) {
            violations.add(s.id() + ": 'replaced' " + c + " but the current connection was " + current);
          }
          ended.add(c);
          if (Objects.equals(current, c)) {
            current = null;
          }
        }
        case SessionEvent.DISCONNECTED -> {
          ended.add(c);
          if (Objects.equals(current, c)) {
            current = null;
          } // else a late close of an older connection: the current one stays
        }
        default -> {
          if (SessionEvent.EXPIRED.equals(e.type()) || SessionEvent.REVOKED.equals(e.type())) {
            if (current != null) {
              ended.add(current); // expiry and revocation end the connection too
            }
            current = null;
          }
        }
      }
    }
    for (String c : opened) {
      if (!ended.contains(c) && !c.equals(current)) {
        violations.add(s.id() + ": connection " + c + " was never ended (no 'disconnected' or 'replaced')");
      }
    }
    if (started && s.connected() != (current != null)) {
      violations.add(s.id() + ": the history ends with " + (current == null ? "no connection" : current + " current")
          + " but the session says connected=" + s.connected()
          + (current != null && !s.connected() ? " (a late close marked the newer connection gone)" : ""));
    }
    if (started && s.connected() && !Objects.equals(current, s.connectionId())) {
      violations.add(s.id() + ": the history's current connection is " + current + " but the session says "
          + s.connectionId());
    }
    return violations;
  }
}
