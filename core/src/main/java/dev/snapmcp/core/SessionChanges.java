package dev.snapmcp.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The pure session transitions the store commits: connected, disconnected (with the late-close rule), and so on. */
final class SessionChanges {

  private SessionChanges() {}

  static Session withEvent(Session s, SessionEvent event) {
    List<SessionEvent> history = new ArrayList<>(s.history().size() + 1);
    history.addAll(s.history());
    history.add(event);
    int excess = history.size() - Session.HISTORY_LIMIT;
    if (excess > 0) {
      history = history.subList(excess, history.size()); // oldest dropped first
    }
    return copy(s, s.revoked(), s.connected(), s.connectionId(), s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(),
        s.client(), s.expiresAt(), history);
  }

  static Session connected(Session s, String connectionId, ClientInfo client, Instant now) {
    Session next = s;
    if (s.connected() && s.connectionId() != null && !s.connectionId().equals(connectionId)) {
      next = withEvent(next, new SessionEvent(SessionEvent.REPLACED, now, s.connectionId(), "replaced"));
    }
    next = withEvent(next, new SessionEvent(SessionEvent.CONNECTED, now, connectionId, null));
    return copy(next, next.revoked(), true, connectionId, now, null, now, client == null ? ClientInfo.UNKNOWN : client,
        next.expiresAt(), next.history());
  }

  /** The late-close rule: a close of a connection that is no longer current is only recorded in the history. */
  static Session disconnected(Session s, String connectionId, String reason, Instant now) {
    Session next = withEvent(s, new SessionEvent(SessionEvent.DISCONNECTED, now, connectionId, reason));
    boolean current = s.connected() && connectionId != null && connectionId.equals(s.connectionId());
    if (!current) {
      return next;
    }
    return copy(next, next.revoked(), false, next.connectionId(), next.connectedAt(), now, next.lastSeenAt(),
        next.client(), next.expiresAt(), next.history());
  }

  static Session seen(Session s, Instant now) {
    return copy(s, s.revoked(), s.connected(), s.connectionId(), s.connectedAt(), s.disconnectedAt(), now, s.client(),
        s.expiresAt(), s.history());
  }

  static Session revoked(Session s, Instant now) {
    Session next = withEvent(s, new SessionEvent(SessionEvent.REVOKED, now, s.connectionId(), null));
    return copy(next, true, false, next.connectionId(), next.connectedAt(),
        s.connected() ? now : next.disconnectedAt(), next.lastSeenAt(), next.client(), next.expiresAt(),
        next.history());
  }

  /** Records expiry once; a still-connected session is marked disconnected with reason {@code expired}. */
  static Session expired(Session s, Instant now) {
    Session next = withEvent(s, new SessionEvent(SessionEvent.EXPIRED, now, s.connectionId(), null));
    return copy(next, next.revoked(), false, next.connectionId(), next.connectedAt(),
        s.connected() ? now : next.disconnectedAt(), next.lastSeenAt(), next.client(), next.expiresAt(),
        next.history());
  }

  static boolean hasExpiredEvent(Session s) {
    for (SessionEvent e : s.history()) {
      if (SessionEvent.EXPIRED.equals(e.type())) {
        return true;
      }
    }
    return false;
  }

  static Session copy(Session s, boolean revoked, boolean connected, String connectionId, Instant connectedAt,
      Instant disconnectedAt, Instant lastSeenAt, ClientInfo client, Instant expiresAt, List<SessionEvent> history) {
    return new Session(s.id(), s.tokenHash(), s.createdAt(), expiresAt, revoked, connected, connectionId, connectedAt,
        disconnectedAt, lastSeenAt, client, history, s.missing());
  }
}
