package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/sessions/{id}/commands}: one op for the session's browser tab.
 *
 * @param op the operation ({@code docs/protocol.md}, "Operations")
 * @param args its arguments, an object (null: none)
 * @param timeoutMs how long the browser may take, 1 ms to {@link #MAX_TIMEOUT} (null: {@link #DEFAULT_TIMEOUT})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommandRequest(
    @JsonProperty("op") String op, @JsonProperty("args") JsonNode args, @JsonProperty("timeoutMs") Long timeoutMs) {

  /** The timeout of a command that names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The longest timeout a command may ask for. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
}
