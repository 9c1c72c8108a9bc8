package dev.snapmcp.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What connected: the versions the browser reported in its hello. Every field may be null, and each is capped at
 * {@link BrowserText#MAX_BYTES} (the browser is not trusted, and this is stored in {@code sessions.json}).
 *
 * @param extension the extension's version
 * @param snap Snap!'s version ({@code SnapVersion})
 * @param userAgent the browser's user agent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientInfo(
    @JsonProperty("extension") String extension,
    @JsonProperty("snap") String snap,
    @JsonProperty("userAgent") String userAgent) {

  public static final ClientInfo UNKNOWN = new ClientInfo(null, null, null);

  public ClientInfo {
    extension = BrowserText.cap(extension);
    snap = BrowserText.cap(snap);
    userAgent = BrowserText.cap(userAgent);
  }
}
