package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The browser's own {@code ok:false} answer to an op, passed on by the control API in {@code error.browser}.
 *
 * @param code an {@link dev.snapmcp.bridge.protocol.OpErrorCode}'s code (a string: the browser is not trusted to
 *     keep to them)
 * @param message what Snap! or the extension said
 * @param details op-specific details, e.g. {@code {"unknown":[{"name","suggestions":[…]}]}} with {@code unknown_block}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BrowserError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message,
    @JsonProperty("details") JsonNode details) {

  /** The error a result frame's {@code error} member describes: strings where strings belong, anything else left out. */
  public static BrowserError of(JsonNode error) {
    if (error == null || !error.isObject()) {
      return new BrowserError(null, null, null);
    }
    JsonNode code = error.get("code");
    JsonNode message = error.get("message");
    return new BrowserError(
        code != null && code.isString() ? code.stringValue() : null,
        message != null && message.isString() ? message.stringValue() : null,
        error.get("details"));
  }
}
