package dev.snapmcp.mcp.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Session;
import java.time.Instant;

/** A session as the command line shows it: never its token or token hash. */
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
    @JsonProperty("droppedAt") Instant droppedAt) {

  /** {@code s} at {@code now}, in {@code status} (a {@code SessionState}: connected, reconnecting, not_paired, …). */
  static SessionView of(Session s, Instant now, SessionStatus status) {
    return new SessionView(s.id(), status.state().code(), s.connected(), s.revoked(), s.isExpiredAt(now),
        s.createdAt(), s.expiresAt(), s.connectionId(), s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(),
        s.client(), status.droppedAt());
  }
}
