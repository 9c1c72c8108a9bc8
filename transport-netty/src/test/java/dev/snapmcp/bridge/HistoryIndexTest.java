package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The tab's undo history index over real sockets: what the tab's relay reports shows in {@code GET /api/v1/sessions},
 * the newest report wins, and a new page for the session (a reload) starts from an empty history.
 */
class HistoryIndexTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private BridgeFixture fixture;

  @BeforeEach
  void start() {
    fixture = BridgeFixture.start();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Map<String, Object> history(String... entries) {
    return Map.of("type", "event", "event", "history", "entries", List.of(entries).stream()
        .map(e -> Map.of("entry", e, "tool", "snap_add_script", "client", "Claude Code 1.2 (pid 4242)",
            "at", "2026-12-01T10:00:00Z", "summary", "added script " + e))
        .toList());
  }

  private JsonNode view(String session) {
    for (JsonNode s : BridgeFixture.json(fixture.get("/api/v1/sessions")).path("sessions")) {
      if (s.path("id").asString().equals(session)) {
        return s;
      }
    }
    throw new AssertionError("no session " + session);
  }

  private List<String> entries(String session) {
    return view(session).path("history").valueStream().map(e -> e.path("entry").asString()).toList();
  }

  @Test
  void theSessionViewShowsTheNewestIndexTheTabReported() {
    NewSession session = fixture.newSession();
    String id = session.session().id();
    try (FakeBrowser tab = FakeBrowser.connected(fixture.port(), id, session.token())) {
      assertEquals(List.of(), entries(id));
      tab.sendJson(history("c1"));
      await().atMost(WAIT).until(() -> entries(id).equals(List.of("c1")));
      tab.sendJson(history("c1", "c2"));
      await().atMost(WAIT).until(() -> entries(id).equals(List.of("c1", "c2")));
      JsonNode entry = view(id).path("history").get(1);
      assertEquals(Json.mapper().readTree("{\"entry\":\"c2\",\"tool\":\"snap_add_script\",\"client\":\"Claude Code 1.2 "
          + "(pid 4242)\",\"at\":\"2026-12-01T10:00:00Z\",\"summary\":\"added script c2\"}"), entry);
      assertEquals(0, view(id).path("events").size(), "history events are not among the session's events");
      tab.sendJson(history("c1"));
      await().atMost(WAIT).until(() -> entries(id).equals(List.of("c1")));
    }
  }

  @Test
  void aReloadedPageStartsWithAnEmptyHistory() {
    NewSession session = fixture.newSession();
    String id = session.session().id();
    try (FakeBrowser page = FakeBrowser.connected(fixture.port(), id, session.token())) {
      page.sendJson(history("c1", "c2"));
      await().atMost(WAIT).until(() -> entries(id).size() == 2);
    }
    // The reloaded page connects anew (the old socket closed with the page) and says its history right after welcome.
    try (FakeBrowser reloaded = FakeBrowser.connected(fixture.port(), id, session.token())) {
      await().atMost(WAIT).until(() -> view(id).path("connected").asBoolean());
      assertEquals(List.of(), entries(id), "a new connection's history is unknown until its page reports it");
      reloaded.sendJson(history());
      reloaded.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "project", "Fresh"));
      await().atMost(WAIT).until(() -> "Fresh".equals(view(id).path("project").asString(null)));
      assertEquals(List.of(), entries(id));
    }
  }
}
