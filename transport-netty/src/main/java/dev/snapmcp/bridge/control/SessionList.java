package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to {@code GET /api/v1/sessions}: the sessions that can still connect (not revoked, not expired) plus any
 * with a live connection.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionList(@JsonProperty("sessions") List<SessionView> sessions) {

  public SessionList {
    sessions = sessions == null ? null : List.copyOf(sessions);
  }
}
