package dev.snapmcp.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The bridge's record in the store: which process holds the browser's WebSocket and where it listens.
 *
 * @param pid the bridge's process id
 * @param host the address it is bound to
 * @param port the port actually bound
 * @param startedAt when it started (UTC)
 * @param heartbeatAt refreshed every few seconds while it lives
 * @param version snap-mcp's version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BridgeRecord(
    @JsonProperty("pid") long pid,
    @JsonProperty("host") String host,
    @JsonProperty("port") int port,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("heartbeatAt") Instant heartbeatAt,
    @JsonProperty("version") String version) {

  /** A heartbeat older than this means the bridge is dead even if its pid is in use. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(15);

  public BridgeRecord {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
  }

  /** Live when its process exists and its heartbeat is fresh at {@code now}. */
  public boolean isLiveAt(Instant now) {
    boolean processAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    return processAlive && heartbeatAt.plus(STALE_AFTER).isAfter(now);
  }
}
