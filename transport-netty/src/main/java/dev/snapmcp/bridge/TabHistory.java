package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.HistoryEntry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The index of one tab's undo history: the newest {@code history} event its relay sent. The history itself (what each
 * change needs to be taken back) stays in the tab, which the page's scripts cannot reach and which a reload empties;
 * the bridge only shows which changes it holds. The event comes from a page: at most {@link #LIMIT} entries are kept
 * (the newest) and every text is cut to {@link #TEXT_LIMIT} characters.
 */
final class TabHistory {

  /** As many entries as the tab keeps. */
  static final int LIMIT = 20;

  static final int TEXT_LIMIT = 300;

  private volatile List<HistoryEntry> entries = List.of();

  /** Takes the entries of a {@code history} event ({@code {"event":"history","entries":[…]}}, newest last). */
  void update(JsonNode event) {
    JsonNode list = event.path("entries");
    if (!list.isArray()) {
      return;
    }
    List<HistoryEntry> kept = new ArrayList<>();
    for (int i = Math.max(0, list.size() - LIMIT); i < list.size(); i++) {
      JsonNode e = list.get(i);
      if (e.isObject()) {
        kept.add(new HistoryEntry(text(e.get("entry")), text(e.get("tool")), text(e.get("client")), instant(e.get("at")),
            text(e.get("summary"))));
      }
    }
    entries = List.copyOf(kept);
  }

  /** A new connection may be a new page: its history is empty until it says otherwise (right after its welcome). */
  void clear() {
    entries = List.of();
  }

  /** The entries, oldest first. */
  List<HistoryEntry> entries() {
    return entries;
  }

  private static String text(JsonNode node) {
    if (node == null || !node.isString()) {
      return null;
    }
    String value = node.stringValue();
    return value.length() > TEXT_LIMIT ? value.substring(0, TEXT_LIMIT) : value;
  }

  private static Instant instant(JsonNode node) {
    String value = text(node);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
