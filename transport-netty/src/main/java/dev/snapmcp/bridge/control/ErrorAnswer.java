package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.snapmcp.bridge.protocol.ControlErrorCode;

/**
 * Every refusal of the control API, {@code {"ok":false,"error":{"code","message","browser"?}}}, sent with the HTTP
 * status of its {@link ControlErrorCode}.
 *
 * @param ok always false
 * @param error what went wrong
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorAnswer(@JsonProperty("ok") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean ok, @JsonProperty("error") ApiError error) {

  /** A refusal with {@code code} and {@code message}. */
  public static ErrorAnswer of(ControlErrorCode code, String message) {
    return new ErrorAnswer(false, new ApiError(code.code(), message, null));
  }
}
