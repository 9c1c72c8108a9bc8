package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * How the store scenario encodes its work in ordinary sessions, so the checker can account for every update: an
 * update adds one to the count kept in the session's {@code connectionId} and appends an event whose {@code
 * connectionId} is the update's unique tag ({@link Workload#tag}). A lost update shows as a count that went back or
 * two acknowledged updates with the same count; a doubled one as a count above what was attempted.
 */
final class SlotCounter {

  static final String EVENT_REASON = "stress";

  private SlotCounter() {}

  /** The count stored in a session (0 before its first update). */
  static long count(Session s) {
    return s.connectionId() == null ? 0 : Long.parseLong(s.connectionId());
  }

  /** The update: count + 1 and the tag appended to the history (the oldest events dropped past the limit). */
  static Session increment(Session s, String tag) {
    List<SessionEvent> history = new ArrayList<>(s.history());
    history.add(new SessionEvent(SessionEvent.CONNECTED, s.createdAt(), tag, EVENT_REASON));
    while (history.size() > Session.HISTORY_LIMIT) {
      history.remove(0);
    }
    return new Session(s.id(), s.tokenHash(), s.createdAt(), s.expiresAt(), s.revoked(), s.connected(),
        Long.toString(count(s) + 1), s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client(), history);
  }
}
