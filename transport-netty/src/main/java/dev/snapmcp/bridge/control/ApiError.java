package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code error} of an {@link ErrorAnswer}.
 *
 * @param code a {@link dev.snapmcp.bridge.protocol.ControlErrorCode}'s code (a string: a newer bridge may send one this
 *     side does not know)
 * @param message what happened and what to do, for a person or a model
 * @param browser with {@code browser_error} only: the browser's own error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message,
    @JsonProperty("browser") BrowserError browser) {}
