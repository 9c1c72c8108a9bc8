package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.snapmcp.core.BrowserText;
import dev.snapmcp.core.ClientInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One session as {@code GET /api/v1/sessions} shows it: what the store knows, and what the browser told the bridge
 * lately. Absent values are null (and left out of the JSON). Every string the browser reported is capped at {@link
 * BrowserText#MAX_BYTES} (events are kept whole up to 16 KiB each).
 *
 * @param id the session id ({@code sess_…})
 * @param connected whether a tab is connected to it now
 * @param connection the live connection's id, or the last one's when not connected
 * @param ready whether Snap! in that tab is ready (its newest {@code ready} event said so); false when not connected
 * @param readyReason why it is not ready, as the browser said
 * @param snap Snap!'s version
 * @param project the open project's name
 * @param client the versions the browser reported in its hello
 * @param lastSeenAt the last sign of life
 * @param tab the tab's address and title from the hello
 * @param expiresAt when the session stops being accepted
 * @param events the session's last events, oldest first, each as the browser sent it plus {@code receivedAt} (a huge
 *     one only as {@code {"event","truncated":true,"bytes"}}); {@code history} events are not among them
 * @param state where the tab is, a {@link SessionState}'s code ({@code connected}, {@code reconnecting}, …; a string,
 *     so a newer bridge's state still reads); null from a bridge older than the states
 * @param droppedAt when the tab's last connection ended, in the states where it matters ({@code reconnecting}, {@code
 *     tab_closed}, {@code not_connected})
 * @param history the tab's undo history as its relay last reported it, oldest first (empty when not known)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionView(
    @JsonProperty("id") String id,
    @JsonProperty("connected") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean connected,
    @JsonProperty("connection") String connection,
    @JsonProperty("ready") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean ready,
    @JsonProperty("readyReason") String readyReason,
    @JsonProperty("snap") String snap,
    @JsonProperty("project") String project,
    @JsonProperty("client") ClientInfo client,
    @JsonProperty("lastSeenAt") Instant lastSeenAt,
    @JsonProperty("tab") Tab tab,
    @JsonProperty("expiresAt") Instant expiresAt,
    @JsonProperty("events") List<JsonNode> events,
    @JsonProperty("state") String state,
    @JsonProperty("droppedAt") Instant droppedAt,
    @JsonProperty("history") List<HistoryEntry> history) {

  public SessionView {
    readyReason = BrowserText.cap(readyReason);
    snap = BrowserText.cap(snap);
    project = BrowserText.cap(project);
    events = events == null ? List.of() : List.copyOf(events);
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** The state, if this bridge knows it: from {@link #state()}, or from {@link #connected()} for an older bridge. */
  public Optional<SessionState> sessionState() {
    if (state == null) {
      return connected ? Optional.of(SessionState.CONNECTED) : Optional.empty();
    }
    return SessionState.find(state);
  }

  /**
   * The browser tab carrying a session, as its hello described it.
   *
   * @param url the tab's address
   * @param title the tab's title
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tab(@JsonProperty("url") String url, @JsonProperty("title") String title) {

    public Tab {
      url = BrowserText.cap(url);
      title = BrowserText.cap(title);
    }

    /** The tab a hello's {@code tab} member describes (strings only; anything else is left out), or null. */
    public static Tab of(JsonNode hello) {
      if (hello == null || !hello.isObject()) {
        return null;
      }
      return new Tab(text(hello.get("url")), text(hello.get("title")));
    }

    private static String text(JsonNode node) {
      return node != null && node.isString() ? node.stringValue() : null;
    }
  }
}
