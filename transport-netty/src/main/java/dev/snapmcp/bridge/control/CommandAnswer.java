package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.databind.JsonNode;

/**
 * A command's good answer, {@code 200 {"ok":true,"value":…}}.
 *
 * @param ok always true (a failure is an {@link ErrorAnswer})
 * @param value what the browser answered: op-specific, always with its {@code state}; JSON null when it sent none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommandAnswer(@JsonProperty("ok") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean ok, @JsonProperty("value") JsonNode value) {}
