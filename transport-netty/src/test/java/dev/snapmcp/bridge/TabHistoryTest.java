package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.snapmcp.bridge.control.HistoryEntry;
import dev.snapmcp.core.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The bridge's index of a tab's undo history: what it takes from a page's {@code history} event, and its caps. */
class TabHistoryTest {

  private static ObjectNode event(int entries) {
    ObjectNode event = Json.mapper().createObjectNode().put("event", "history");
    ArrayNode list = event.putArray("entries");
    for (int i = 1; i <= entries; i++) {
      list.addObject().put("entry", "c" + i).put("tool", "snap_add_script").put("client", "A (pid 1)")
          .put("at", "2026-12-01T10:00:0" + (i % 10) + "Z").put("summary", "added script Sprite#" + i);
    }
    return event;
  }

  @Test
  void takesTheEntriesOldestFirst() {
    TabHistory history = new TabHistory();
    history.update(event(2));
    assertEquals(List.of(
        new HistoryEntry("c1", "snap_add_script", "A (pid 1)", Instant.parse("2026-12-01T10:00:01Z"), "added script Sprite#1"),
        new HistoryEntry("c2", "snap_add_script", "A (pid 1)", Instant.parse("2026-12-01T10:00:02Z"), "added script Sprite#2")),
        history.entries());
  }

  @Test
  void keepsTheNewest20AndCutsLongTexts() {
    TabHistory history = new TabHistory();
    ObjectNode event = event(25);
    ((ObjectNode) event.path("entries").get(24)).put("summary", "x".repeat(5000));
    history.update(event);
    assertEquals(TabHistory.LIMIT, history.entries().size());
    assertEquals("c6", history.entries().get(0).entry());
    assertEquals(TabHistory.TEXT_LIMIT, history.entries().get(19).summary().length());
  }

  @Test
  void whatAPageGetsWrongIsLeftOutNotTrusted() {
    TabHistory history = new TabHistory();
    history.update(event(1));
    history.update(Json.mapper().readTree("{\"event\":\"history\",\"entries\":\"lots\"}"));
    assertEquals(1, history.entries().size(), "an event without a list changes nothing");
    history.update(Json.mapper().readTree(
        "{\"event\":\"history\",\"entries\":[1,null,{\"entry\":7,\"at\":\"yesterday\",\"tool\":{\"x\":1}},{}]}"));
    assertEquals(2, history.entries().size());
    HistoryEntry odd = history.entries().get(0);
    assertNull(odd.entry());
    assertNull(odd.at());
    assertNull(odd.tool());
    history.clear();
    assertEquals(List.of(), history.entries());
  }
}
