package dev.snapmcp.bridge.control;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A session's {@link SessionState} at one instant, and since when its tab has been away: the one derivation of the
 * states, used by the bridge (for {@code GET /api/v1/sessions} and for every command) and by {@code snap-mcp status}.
 *
 * @param state the state
 * @param droppedAt when the tab's last connection ended, for every state where that is known and matters ({@code
 *     reconnecting}, {@code tab_closed}, {@code not_connected}); null otherwise
 */
public record SessionStatus(SessionState state, Instant droppedAt) {

  /** The reason a connection ends with when its page said it was closing; the store's history keeps it. */
  public static final String TAB_CLOSED_REASON = SessionState.TAB_CLOSED.code();

  public SessionStatus {
    Objects.requireNonNull(state, "state");
  }

  /**
   * The end of a session's last connection: when, and why (a store history reason: {@code closed}, {@code
   * heartbeat_timeout}, {@code bridge_restarted}, {@code tab_closed}, …).
   */
  public record Drop(Instant at, String reason) {

    public Drop {
      Objects.requireNonNull(at, "at");
    }

    /**
     * The drop the store recorded last for {@code stored}'s current (or last) connection; null while the store says
     * it is connected, or when no connection ever ended. A bridge restart counts as a drop at the instant the new
     * bridge took over ({@code bridge_restarted}).
     */
    public static Drop of(Session stored) {
      if (stored.connected() || stored.disconnectedAt() == null) {
        return null;
      }
      String reason = null;
      List<SessionEvent> history = stored.history();
      for (int i = history.size() - 1; i >= 0; i--) {
        SessionEvent e = history.get(i);
        if (SessionEvent.DISCONNECTED.equals(e.type()) && Objects.equals(e.connectionId(), stored.connectionId())) {
          reason = e.reason();
          break;
        }
      }
      return new Drop(stored.disconnectedAt(), reason);
    }

    /** The newer of two drops (either may be null). */
    public static Drop newer(Drop a, Drop b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return b.at().isAfter(a.at()) ? b : a;
    }

    /** Whether the page said it was closing. */
    public boolean closing() {
      return TAB_CLOSED_REASON.equals(reason);
    }
  }

  /**
   * The state of {@code stored} at {@code now}.
   *
   * @param live whether a tab is connected to it now (the bridge's own knowledge; from the store alone: {@code
   *     stored.connected()})
   * @param drop the session's last drop ({@link Drop#of} of the store, or newer knowledge), null if none
   * @param grace how long a dropped tab counts as {@code reconnecting}
   */
  public static SessionStatus derive(Session stored, boolean live, Drop drop, Instant now, Duration grace) {
    if (stored.revoked()) {
      return new SessionStatus(SessionState.REVOKED, null);
    }
    if (stored.isExpiredAt(now)) {
      return new SessionStatus(SessionState.EXPIRED, null);
    }
    if (live) {
      return new SessionStatus(SessionState.CONNECTED, null);
    }
    if (drop == null) {
      if (stored.connectionId() == null) {
        return new SessionStatus(SessionState.NOT_PAIRED, null);
      }
      // The store says connected, but no tab is: the drop is being recorded right now.
      return new SessionStatus(SessionState.RECONNECTING, now);
    }
    if (drop.closing()) {
      return new SessionStatus(SessionState.TAB_CLOSED, drop.at());
    }
    boolean withinGrace = Duration.between(drop.at(), now).compareTo(grace) < 0;
    return new SessionStatus(withinGrace ? SessionState.RECONNECTING : SessionState.NOT_CONNECTED, drop.at());
  }

  /** "0.4 s", "12 s": how long ago {@code then} was, for messages. */
  public static String ago(Instant then, Instant now) {
    long ms = Math.max(0, Duration.between(then, now).toMillis());
    return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
  }
}
