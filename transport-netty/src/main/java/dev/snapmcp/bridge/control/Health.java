package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;

/**
 * The answer to {@code GET /api/v1/health}.
 *
 * @param ok always true in an answer (an error is an {@link ErrorAnswer})
 * @param pid the bridge's process id
 * @param port the port it listens on
 * @param version snap-mcp's version ({@link dev.snapmcp.core.Version})
 * @param startedAt when it started
 * @param connections welcomed, open browser connections
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(
    @JsonProperty("ok") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean ok,
    @JsonProperty("pid") @JsonSetter(nulls = Nulls.AS_EMPTY) long pid,
    @JsonProperty("port") @JsonSetter(nulls = Nulls.AS_EMPTY) int port,
    @JsonProperty("version") String version,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("connections") @JsonSetter(nulls = Nulls.AS_EMPTY) int connections) {}
