package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One change in a tab's undo history, as the tab's relay reported it ({@code docs/protocol.md}, the {@code history}
 * event) and {@code GET /api/v1/sessions} shows it. Absent values are null (and left out of the JSON).
 *
 * @param entry the id of the command that made the change
 * @param tool the MCP tool that asked for it (e.g. {@code snap_add_script})
 * @param client which client asked, as one display string (e.g. {@code "Claude Code 1.2 (pid 4242)"})
 * @param at when the bridge sent the command (the relay's own time when the command carried none)
 * @param summary what the change did, in a few words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HistoryEntry(
    @JsonProperty("entry") String entry,
    @JsonProperty("tool") String tool,
    @JsonProperty("client") String client,
    @JsonProperty("at") Instant at,
    @JsonProperty("summary") String summary) {}
