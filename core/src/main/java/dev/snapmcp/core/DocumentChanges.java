package dev.snapmcp.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The pure changes of the whole document that {@link FileSessionStore}'s calls commit, each applied by a commit to its
 * own copy of the document at the commit's instant ({@link GroupCommit.Change}); {@link SessionChanges} has those of
 * one session. Each throws before changing anything, or changes {@code doc} and says what it did.
 */
final class DocumentChanges {

  private DocumentChanges() {}

  /** Adds a new session, under an id the document does not hold yet. */
  static Session create(StoreDocument doc, String tokenHash, Duration ttl, Instant now) {
    String id = Tokens.newSessionId();
    while (doc.sessions.containsKey(id)) {
      id = Tokens.newSessionId();
    }
    Session s = new Session(id, tokenHash, now, now.plus(ttl), false, false, null, null, null, null, null, List.of());
    doc.put(s);
    return s;
  }

  /** The session {@code id}, or NOT_FOUND. */
  static Session existing(StoreDocument doc, String id) {
    Session s = id == null ? null : doc.sessions.get(id);
    if (s == null) {
      throw new StoreException(StoreException.Kind.NOT_FOUND, "no session " + id);
    }
    return s;
  }

  /** Whether {@code connectionId} is the session's current connection. */
  static boolean isCurrent(Session s, String connectionId) {
    return s != null && s.connected() && connectionId != null && connectionId.equals(s.connectionId());
  }

  /** Refreshes the last-seen instant if {@code connectionId} still carries the session. */
  static Void touch(StoreDocument doc, String id, String connectionId, Instant now) {
    Session s = doc.sessions.get(id);
    if (isCurrent(s, connectionId)) {
      doc.put(SessionChanges.seen(s, now));
    }
    return null;
  }

  /** Revokes the session (once); false if there is none. */
  static boolean revoke(StoreDocument doc, String id, Instant now) {
    Session s = doc.sessions.get(id);
    if (s == null) {
      return false;
    }
    if (!s.revoked()) {
      doc.put(SessionChanges.revoked(s, now));
    }
    return true;
  }

  /** Removes expired and revoked sessions; returns how many. */
  static int purgeExpired(StoreDocument doc, Instant now) {
    List<String> gone = new ArrayList<>();
    for (Session s : doc.sessions.values()) {
      if (s.revoked() || s.isExpiredAt(now)) {
        gone.add(s.id());
      }
    }
    gone.forEach(doc::remove);
    return gone.size();
  }

  /**
   * Adds the sessions of {@code imported} that {@code doc} does not hold, with the fields this version does not know
   * (an incomplete entry of the prototype's file keeps what it has); returns how many.
   */
  static int addImported(StoreDocument doc, StoreDocument imported, Instant now) {
    int added = 0;
    for (Session s : imported.sessions.values()) {
      if (!doc.sessions.containsKey(s.id())) {
        // Whatever connection the other file knew of belongs to another bridge: imported sessions start idle.
        doc.put(SessionChanges.copy(s, s.revoked(), false, s.connectionId(), s.connectedAt(),
            s.connected() ? now : s.disconnectedAt(), s.lastSeenAt(), s.client(), s.expiresAt(), s.history()));
        if (imported.rawSessions.containsKey(s.id())) {
          doc.rawSessions.put(s.id(), imported.rawSessions.get(s.id()));
        }
        added++;
      }
    }
    return added;
  }

  /**
   * Stores {@code mine} unless another live bridge holds the record (then returned); sessions still marked connected
   * belonged to the previous bridge and are disconnected as {@code bridge_restarted}.
   */
  static Optional<BridgeRecord> claimBridge(StoreDocument doc, BridgeRecord mine, Predicate<BridgeRecord> isLive,
      Instant now) {
    BridgeRecord current = doc.bridge;
    if (current != null && current.pid() != mine.pid() && isLive.test(current)) {
      return Optional.of(current);
    }
    doc.setBridge(mine);
    for (Session s : new ArrayList<>(doc.sessions.values())) {
      if (s.connected()) {
        doc.put(SessionChanges.disconnected(s, s.connectionId(), "bridge_restarted", now));
      }
    }
    return Optional.empty();
  }

  /** Refreshes the heartbeat of {@code pid}'s record; false if the record is not {@code pid}'s. */
  static boolean heartbeatBridge(StoreDocument doc, long pid, Instant now) {
    BridgeRecord b = doc.bridge;
    if (b == null || b.pid() != pid) {
      return false;
    }
    doc.setBridge(new BridgeRecord(b.pid(), b.host(), b.port(), b.startedAt(), now, b.version()));
    return true;
  }

  /** Removes the bridge record if {@code pid} owns it. */
  static Void releaseBridge(StoreDocument doc, long pid) {
    if (doc.bridge != null && doc.bridge.pid() == pid) {
      doc.setBridge(null);
    }
    return null;
  }

  /** Records, once, that a session expired (every commit does, whatever it changes). */
  static void recordExpiries(StoreDocument doc, Instant now) {
    for (Session s : new ArrayList<>(doc.sessions.values())) {
      if (s.isExpiredAt(now) && !s.revoked() && !SessionChanges.hasExpiredEvent(s)) {
        doc.put(SessionChanges.expired(s, now));
      }
    }
  }
}
