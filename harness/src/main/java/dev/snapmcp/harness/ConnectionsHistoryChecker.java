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
 * Checks what the bridge recorded in the store against what its clients saw, after the connections storm. Each session
 * with something wrong counts once, in the field that says what:
 * <ul>
 *   <li>{@code lateCloseFlips}: a late close marked a newer connection disconnected, i.e. the session says
 *       disconnected although its history (or a client's open socket) says a newer connection is current, and the
 *       close that came last was of an older connection;
 *   <li>{@code stateMismatches}: otherwise, the session's final state does not match its last event (connected or
 *       not, and with which connection) or the live sockets (a session is connected, with that connection id, exactly
 *       when a client still holds an open, welcomed socket for it);
 *   <li>{@code incompleteHistories}: the history does not read as a sequence of connections: a {@code connected C}
 *       while another connection is current (a newer socket first records {@code replaced} for the old one), a
 *       {@code replaced} of a connection that was not current, or a connection that is not current at the end and was
 *       never ended by a {@code disconnected} or {@code replaced} event.
 * </ul>
 * The history is bounded (oldest events dropped), so the walk starts at the first {@code connected} event it holds.
 */
final class ConnectionsHistoryChecker {

  private ConnectionsHistoryChecker() {}

  /** What the checker found: sessions counted per kind of fault, and every violation in words. */
  record Outcome(long stateMismatches, long lateCloseFlips, long incompleteHistories, List<String> violations) {
    Outcome {
      violations = List.copyOf(violations);
    }
  }

  /**
   * @param finalSessions the sessions as the store holds them at the end, by id
   * @param liveConnections for each session the connection id of the open socket a client holds at the end (absent:
   *     none)
   */
  static Outcome check(Map<String, Session> finalSessions, Map<String, String> liveConnections) {
    List<String> violations = new ArrayList<>();
    long mismatches = 0;
    long flips = 0;
    long incomplete = 0;
    for (Session s : finalSessions.values()) {
      Walk walk = walk(s);
      if (!walk.gaps.isEmpty()) {
        incomplete++;
        violations.addAll(walk.gaps);
      }
      List<String> state = new ArrayList<>();
      boolean flipped = false;
      if (walk.started && s.connected() != (walk.current != null)) {
        flipped = walk.current != null && walk.lastWasLateClose;
        state.add(s.id() + ": the history ends with " + (walk.current == null ? "no connection" : walk.current
            + " current") + " but the session says connected=" + s.connected()
            + (flipped ? " (a late close of " + walk.lastClosed + " marked the newer connection gone)" : ""));
      } else if (walk.started && s.connected() && !Objects.equals(walk.current, s.connectionId())) {
        state.add(s.id() + ": the history's current connection is " + walk.current + " but the session says "
            + s.connectionId());
      }
      String live = liveConnections.get(s.id());
      if (live != null && !s.connected()) {
        boolean lateClose = walk.lastWasLateClose && live.equals(walk.current);
        flipped |= lateClose;
        state.add(s.id() + ": marked disconnected while connection " + live + " is still open"
            + (lateClose ? " (a late close of " + walk.lastClosed + " marked the newer connection gone)" : ""));
      } else if (live != null && !live.equals(s.connectionId())) {
        state.add(s.id() + ": the store says connection " + s.connectionId() + " but the open socket is " + live);
      } else if (live == null && s.connected()) {
        state.add(s.id() + ": marked connected (" + s.connectionId() + ") but no client holds an open socket");
      }
      if (!state.isEmpty()) {
        if (flipped) {
          flips++;
        } else {
          mismatches++;
        }
        violations.addAll(state);
      }
    }
    for (String id : liveConnections.keySet()) {
      if (!finalSessions.containsKey(id)) {
        mismatches++;
        violations.add(id + ": a client holds an open socket but the session is not in the store");
      }
    }
    return new Outcome(mismatches, flips, incomplete, violations);
  }

  /** The history rules for one session: the gaps found (empty when the history is complete). */
  static List<String> checkHistory(Session s) {
    return walk(s).gaps;
  }

  /** A walk through one session's history. */
  private static final class Walk {
    /** The connection the history says is current at the end. */
    String current;
    boolean started;
    /** Whether the last event was a close of a connection that was no longer current (a late close). */
    boolean lastWasLateClose;
    String lastClosed;
    final List<String> gaps = new ArrayList<>();
  }

  private static Walk walk(Session s) {
    Walk w = new Walk();
    Set<String> ended = new HashSet<>();
    Set<String> opened = new HashSet<>();
    for (SessionEvent e : s.history()) {
      String c = e.connectionId();
      w.lastWasLateClose = false;
      switch (e.type()) {
        case SessionEvent.CONNECTED -> {
          if (w.started && w.current != null) {
            w.gaps.add(s.id() + ": " + c + " connected while " + w.current + " was still current, without"
                + " 'replaced'");
          }
          w.started = true;
          w.current = c;
          opened.add(c);
        }
        case SessionEvent.REPLACED -> {
          if (w.started && !Objects.equals(w.current, c)) {
            w.gaps.add(s.id() + ": 'replaced' " + c + " but the current connection was " + w.current);
          }
          ended.add(c);
          if (Objects.equals(w.current, c)) {
            w.current = null;
          }
        }
        case SessionEvent.DISCONNECTED -> {
          ended.add(c);
          if (Objects.equals(w.current, c)) {
            w.current = null;
          } else {
            w.lastWasLateClose = true; // a late close of an older connection: the current one stays
            w.lastClosed = c;
          }
        }
        default -> {
          if (SessionEvent.EXPIRED.equals(e.type()) || SessionEvent.REVOKED.equals(e.type())) {
            if (w.current != null) {
              ended.add(w.current); // expiry and revocation end the connection too
            }
            w.current = null;
          }
        }
      }
    }
    for (String c : opened) {
      if (!ended.contains(c) && !c.equals(w.current)) {
        w.gaps.add(s.id() + ": connection " + c + " was never ended (no 'disconnected' or 'replaced')");
      }
    }
    return w;
  }
}
