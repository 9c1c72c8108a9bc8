package dev.snapmcp.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control API's records on the wire: what the bridge writes has today's names, and what a client reads tolerates
 * missing, null and unknown members. Read with a strict mapper, so the tolerance is the records' own, not a mapper's.
 */
class ControlRecordsTest {

  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

  @Test
  void healthRoundTripsAndKeepsItsNames() {
    Health health = new Health(true, 1234, 7627, "0.1.0", T, 2);
    String json = Json.mapper().writeValueAsString(health);
    assertEquals(
        "{\"ok\":true,\"pid\":1234,\"port\":7627,\"version\":\"0.1.0\",\"startedAt\":\"2026-11-25T08:00:00Z\","
            + "\"connections\":2}",
        json);
    assertEquals(health, STRICT.readValue(json, Health.class));
  }

  @Test
  void aSessionViewHasTodaysNamesInTodaysOrder() {
    SessionView view =
        new SessionView("sess_1", true, "conn_1", false, "loading", "12", "Pong",
            new ClientInfo("0.1.0", "12", "ua"), T, new SessionView.Tab("u", "t"), T.plusSeconds(60),
            List.of(Json.mapper().readTree("{\"event\":\"ready\",\"ready\":false}")), "reconnecting",
            T.minusSeconds(5),
            List.of(new HistoryEntry("c_1", "snap_add_script", "Claude Code 1.2 (pid 42)", T, "added script Sprite#1")));
    JsonNode tree = Json.mapper().valueToTree(view);
    List<String> names = new ArrayList<>(tree.propertyNames());
    assertEquals(List.of("id", "connected", "connection", "ready", "readyReason", "snap", "project", "client",
        "lastSeenAt", "tab", "expiresAt", "events", "state", "droppedAt", "history"), names);
    assertEquals(List.of("entry", "tool", "client", "at", "summary"),
        new ArrayList<>(tree.at("/history/0").propertyNames()));
    assertEquals(view, STRICT.treeToValue(tree, SessionView.class));
  }

  @Test
  void absentValuesAreLeftOut() {
    SessionView idle = new SessionView("sess_1", false, null, false, null, null, null, null, null, null, T, List.of(),
        null, null, null);
    assertEquals("{\"id\":\"sess_1\",\"connected\":false,\"ready\":false,\"expiresAt\":\"2026-11-25T08:00:00Z\","
        + "\"events\":[],\"history\":[]}", Json.mapper().writeValueAsString(idle));
    assertEquals("{\"entry\":\"c_1\"}", Json.mapper().writeValueAsString(new HistoryEntry("c_1", null, null, null, null)));
  }

  @Test
  void missingMembersReadAsNullFalseOrZero() {
    assertEquals(new Health(false, 0, 0, null, null, 0), STRICT.readValue("{}", Health.class));
    SessionView view = STRICT.readValue("{\"id\":\"sess_1\"}", SessionView.class);
    assertFalse(view.connected());
    assertFalse(view.ready());
    assertNull(view.tab());
    assertEquals(List.of(), view.events());
    assertEquals(List.of(), view.history());
    assertEquals(new HistoryEntry(null, null, null, null, null), STRICT.readValue("{}", HistoryEntry.class));
    assertNull(STRICT.readValue("{}", SessionList.class).sessions());
    CommandRequest request = STRICT.readValue("{\"op\":\"status\"}", CommandRequest.class);
    assertNull(request.args());
    assertNull(request.timeoutMs());
    assertNull(STRICT.readValue("{\"ok\":true}", CommandAnswer.class).value());
    assertNull(STRICT.readValue("{\"ok\":false}", ErrorAnswer.class).error());
  }

  @Test
  void nullMembersReadAsNullFalseOrZero() {
    assertEquals(new Health(false, 0, 0, null, null, 0), STRICT.readValue(
        "{\"ok\":null,\"pid\":null,\"port\":null,\"version\":null,\"startedAt\":null,\"connections\":null}",
        Health.class));
    SessionView view = STRICT.readValue(
        "{\"id\":null,\"connected\":null,\"ready\":null,\"client\":null,\"tab\":null,\"events\":null,"
            + "\"history\":null}",
        SessionView.class);
    assertFalse(view.connected());
    assertEquals(List.of(), view.events());
    assertEquals(List.of(), view.history());
    assertEquals(new HistoryEntry(null, null, null, null, null), STRICT.readValue("{}", HistoryEntry.class));
    assertTrue(STRICT.readValue("{\"ok\":true,\"value\":null}", CommandAnswer.class).value().isNull(),
        "a browser's null value stays a value");
  }

  @Test
  void unknownMembersAreIgnoredEverywhere() {
    Health health = STRICT.readValue("{\"ok\":true,\"pid\":1,\"future\":{\"x\":[1]}}", Health.class);
    assertEquals(1, health.pid());
    SessionList list = STRICT.readValue("{\"sessions\":[{\"id\":\"sess_1\",\"future\":1,"
        + "\"client\":{\"extension\":\"0.2.0\",\"future\":2},\"tab\":{\"url\":\"u\",\"future\":3}}],\"more\":true}",
        SessionList.class);
    assertEquals("0.2.0", list.sessions().get(0).client().extension());
    assertEquals("u", list.sessions().get(0).tab().url());
    ErrorAnswer error = STRICT.readValue("{\"ok\":false,\"error\":{\"code\":\"browser_error\",\"message\":\"m\","
        + "\"future\":1,\"browser\":{\"code\":\"unknown_block\",\"details\":{\"unknown\":[]},\"future\":2}}}",
        ErrorAnswer.class);
    assertEquals("unknown_block", error.error().browser().code());
    assertTrue(error.error().browser().details().has("unknown"));
    assertEquals("status", STRICT.readValue("{\"op\":\"status\",\"future\":1}", CommandRequest.class).op());
  }

  @Test
  void answersAreWrittenAsTheProtocolSays() {
    assertEquals("{\"ok\":true,\"value\":null}",
        Json.mapper().writeValueAsString(new CommandAnswer(true, Json.mapper().nullNode())));
    assertEquals("{\"ok\":false,\"error\":{\"code\":\"busy\",\"message\":\"wait\"}}",
        Json.mapper().writeValueAsString(ErrorAnswer.of(ControlErrorCode.BUSY, "wait")));
    assertEquals("{\"op\":\"status\",\"args\":{},\"timeoutMs\":5000}", Json.mapper().writeValueAsString(
        new CommandRequest("status", Json.mapper().createObjectNode(), 5000L)));
  }

  @Test
  void aCommandCarriesItsIdClientAndToolAtTheEnd() throws Exception {
    CommandRequest request = new CommandRequest("add_script", Json.mapper().createObjectNode(), 5000L, "t_1.2",
        new CommandRequest.Client("Claude Code", "1.2", 4242L), "snap_add_script");
    String json = Json.mapper().writeValueAsString(request);
    assertEquals("{\"op\":\"add_script\",\"args\":{},\"timeoutMs\":5000,\"id\":\"t_1.2\",\"client\":{\"name\":"
        + "\"Claude Code\",\"version\":\"1.2\",\"pid\":4242},\"tool\":\"snap_add_script\"}", json);
    assertEquals(request, STRICT.readValue(json, CommandRequest.class));
    CommandRequest bare = STRICT.readValue("{\"op\":\"status\",\"id\":null,\"client\":{\"future\":1},\"tool\":null}",
        CommandRequest.class);
    assertNull(bare.id());
    assertEquals(new CommandRequest.Client(null, null, null), bare.client());
    assertEquals("Claude Code 1.2 (pid 4242)", request.client().display());
    assertEquals("an MCP client", bare.client().display());
    assertTrue(CommandRequest.ID_SHAPE.matcher("c_Ab-9.x:1").matches());
    assertFalse(CommandRequest.ID_SHAPE.matcher("with space").matches());
    assertFalse(CommandRequest.ID_SHAPE.matcher("x".repeat(101)).matches());
  }

  @Test
  void aSessionSaysItsStateAndAnOlderBridgesStillReads() {
    SessionView view = STRICT.readValue("{\"id\":\"sess_1\",\"state\":\"reconnecting\","
        + "\"droppedAt\":\"2026-11-25T08:00:00Z\"}", SessionView.class);
    assertEquals(SessionState.RECONNECTING, view.sessionState().orElseThrow());
    assertEquals(T, view.droppedAt());
    assertEquals(SessionState.CONNECTED,
        STRICT.readValue("{\"id\":\"s\",\"connected\":true}", SessionView.class).sessionState().orElseThrow());
    assertTrue(STRICT.readValue("{\"id\":\"s\"}", SessionView.class).sessionState().isEmpty());
    assertTrue(STRICT.readValue("{\"id\":\"s\",\"state\":\"from_the_future\"}", SessionView.class)
        .sessionState().isEmpty());
    assertEquals("\"tab_closed\"", Json.mapper().writeValueAsString(SessionState.TAB_CLOSED));
  }

  @Test
  void aTabAndABrowserErrorAreReadLenientlyFromWhatTheBrowserSent() {
    assertNull(SessionView.Tab.of(Json.mapper().readTree("\"not an object\"")));
    assertEquals(new SessionView.Tab("u", null), SessionView.Tab.of(Json.mapper().readTree("{\"url\":\"u\",\"title\":7}")));
    assertEquals(new BrowserError(null, "m", null), BrowserError.of(Json.mapper().readTree("{\"code\":1,\"message\":\"m\"}")));
    assertEquals(new BrowserError(null, null, null), BrowserError.of(null));
  }
}
