package dev.snapmcp.mcp.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
    @JsonProperty("client") ClientInfo client) {

  static SessionView of(Session s, Instant now) {
    boolean expired = s.isExpiredAt(now);
    String state = s.revoked() ? "revoked" : expired ? "expired" : s.connected() ? "connected" : "waiting";
    return new SessionView(s.id(), state, s.connected(), s.revoked(), expired, s.createdAt(), s.expiresAt(),
        s.connectionId(), s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client());
  }
}
