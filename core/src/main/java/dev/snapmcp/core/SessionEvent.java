package dev.snapmcp.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a session's history.
 *
 * @param type {@code connected}, {@code disconnected}, {@code replaced}, {@code expired} or {@code revoked}
 * @param at when it happened (UTC)
 * @param connectionId the connection it concerns, if any
 * @param reason why (for {@code disconnected}: {@code closed}, {@code heartbeat_timeout}, {@code replaced},
 *     {@code bridge_restarted}, {@code bridge_stopped}, …)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionEvent(
    @JsonProperty("type") String type,
    @JsonProperty("at") Instant at,
    @JsonProperty("connectionId") String connectionId,
    @JsonProperty("reason") String reason) {

  public static final String CONNECTED = "connected";
  public static final String DISCONNECTED = "disconnected";
  public static final String REPLACED = "replaced";
  public static final String EXPIRED = "expired";
  public static final String REVOKED = "revoked";

  public SessionEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
  }
}
