package dev.snapmcp.mcp.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A session as the command line shows it: never its token or token hash. A session kept from an incomplete entry (the
 * prototype's file holds some) has state {@code unpairable} when it lacks its token or expiry, leaves out the
 * instants it does not know, and says why in {@code note}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SessionView(
    @JsonProperty("id") String id,
    @JsonProperty("state") String state,
    @JsonProperty("connected") boolean connected,
    @JsonProperty("revoked") boolean revoked,
    @JsonProperty("expired") boolean expired,
    @JsonProperty("createdAt") Instant createdAt,
    @JsonProperty("expiresAt") Instant expiresAt,
    @JsonProperty("connectionId") String connectionId,
    @JsonProperty("connectedAt") Instant connectedAt,
    @JsonProperty("disconnectedAt") Instant disconnectedAt,
    @JsonProperty("lastSeenAt") Instant lastSeenAt,
    @JsonProperty("client") ClientInfo client,
    @JsonProperty("note") String note,
    @JsonProperty("droppedAt") Instant droppedAt) {

  /**
   * {@code s} at {@code now}, in {@code status} (a {@code SessionState}: connected, reconnecting, not_paired, …), or
   * {@code unpairable} when it was kept from an entry that lacks its token or expiry.
   */
  static SessionView of(Session s, Instant now, SessionStatus status) {
    List<String> missing = s.missing();
    boolean unpairable = missing.contains(Session.MISSING_TOKEN) || missing.contains(Session.MISSING_EXPIRY);
    String state = unpairable ? "unpairable" : status.state().code();
    return new SessionView(s.id(), state, s.connected(), s.revoked(), s.isExpiredAt(now),
        missing.contains(Session.MISSING_CREATED) ? null : s.createdAt(),
        missing.contains(Session.MISSING_EXPIRY) ? null : s.expiresAt(), s.connectionId(), s.connectedAt(),
        s.disconnectedAt(), s.lastSeenAt(), s.client(), note(missing, unpairable), status.droppedAt());
  }

  /** Why a session kept from an incomplete entry is as it is, or null for a complete one. */
  private static String note(List<String> missing, boolean unpairable) {
    if (missing.isEmpty()) {
      return null;
    }
    List<String> lacks = new ArrayList<>();
    for (String field : missing) {
      lacks.add(switch (field) {
        case Session.MISSING_TOKEN -> "no token";
        case Session.MISSING_CREATED -> "no creation time";
        case Session.MISSING_EXPIRY -> "no expiry time";
        default -> "no " + field;
      });
    }
    return "kept from an incomplete entry (" + String.join(", ", lacks) + ")" + (unpairable
        ? ": it cannot pair; create a new session with 'snap-mcp session new'" : "");
  }
}
