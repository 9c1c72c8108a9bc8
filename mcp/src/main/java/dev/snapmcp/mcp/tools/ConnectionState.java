package dev.snapmcp.mcp.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.snapmcp.bridge.control.SessionView;
import tools.jackson.databind.JsonNode;

/**
 * What every tool result says about the connection: which session it concerns, whether a Snap! tab is connected to
 * it, whether Snap! is ready, and the project's name.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConnectionState(
    @JsonProperty("session") String session,
    @JsonProperty("connected") boolean connected,
    @JsonProperty("ready") boolean ready,
    @JsonProperty("project") String project,
    @JsonProperty("snap") String snap) {

  static final ConnectionState NONE = new ConnectionState(null, false, false, null, null);

  /** From one entry of the bridge's {@code GET /api/v1/sessions}. */
  static ConnectionState of(SessionView session) {
    return new ConnectionState(
        session.id(), session.connected(), session.ready(), PageText.cap(session.project()), PageText.cap(session.snap()));
  }

  /** Updated with the {@code state} every browser answer carries. */
  ConnectionState with(JsonNode answerState) {
    if (answerState == null || !answerState.isObject()) {
      return this;
    }
    return new ConnectionState(
        session,
        connected,
        answerState.path("ready").asBoolean(ready),
        answerState.has("project") ? PageText.cap(answerState.path("project").asString(project)) : project,
        answerState.has("snap") ? PageText.cap(answerState.path("snap").asString(snap)) : snap);
  }
}
