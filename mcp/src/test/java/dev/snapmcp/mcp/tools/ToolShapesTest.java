package dev.snapmcp.mcp.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every tool through the real bridge to a scripted browser ({@link FakeBrowser} answering as {@code docs/protocol.md}
 * says): the op and args each tool sends, and the shape of what it answers (checked against its output schema).
 */
class ToolShapesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path files;
  private TempStateDir state;
  private SessionStore store;
  private BridgeServer bridge;
  private ToolHarness tools;
  private ScriptedSnap snap;
  private FakeBrowser browser;
  private String session;

  @BeforeEach
  void connectOneTab() {
    state = TempStateDir.create();
    store = state.open();
    bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start();
    tools = new ToolHarness(state.path(), bridge.port(), () -> store, Duration.ofSeconds(5), files);
    snap = new ScriptedSnap("Pong");
    NewSession created = store.create(Duration.ofHours(1));
    session = created.session().id();
    browser = connect(created, snap, "Pong");
  }

  private FakeBrowser connect(NewSession created, ScriptedSnap responder, String project) {
    FakeBrowser tab = FakeBrowser.to(bridge.port()).responder(responder).connect();
    tab.hello(created.session().id(), created.token()).awaitFrame("welcome", WAIT);
    tab.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "snap", "fake-snap-10",
        "project", project));
    ControlClient control = new ControlClient(URI.create("http://127.0.0.1:" + bridge.port()), token(),
        Duration.ofSeconds(2), Duration.ofSeconds(5));
    await().atMost(WAIT).until(() -> {
      for (SessionView s : control.sessions()) {
        if (s.id().equals(created.session().id()) && s.ready()) {
          return true;
        }
      }
      return false;
    });
    control.close();
    return tab;
  }

  private String token() {
    try {
      return Files.readString(state.path().resolve(BridgeServer.TOKEN_FILE)).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    browser.close();
    tools.close();
    bridge.close();
    store.close();
    state.close();
  }

  private JsonNode ok(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = tools.call(tool, arguments);
    JsonNode structured = ToolHarness.structured(result);
    assertFalse(Boolean.TRUE.equals(result.isError()), tool + ": " + structured);
    assertEquals(structured, ToolHarness.text(result), "text content is the same JSON");
    JsonNode st = structured.path("state");
    assertEquals(session, st.path("session").asString());
    assertTrue(st.path("connected").asBoolean());
    assertTrue(st.path("ready").asBoolean());
    assertEquals("fake-snap-10", st.path("snap").asString());
    return structured;
  }

  private JsonNode error(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = tools.call(tool, arguments);
    assertEquals(Boolean.TRUE, result.isError(), tool);
    return ToolHarness.structured(result);
  }

  @Test
  void statusListsTheBridgeAndTheReadyTab() {
    JsonNode status = ToolHarness.structured(tools.call("snap_status", Map.of()));
    assertEquals(bridge.port(), URI.create(status.path("bridge").path("url").asString()).getPort());
    assertEquals(session, status.path("sessions").get(0).path("id").asString());
    assertEquals("0.1.0", status.path("sessions").get(0).path("extension").asString());
    assertTrue(status.path("next").asString().contains("snap_get_project"));
    assertEquals(0, status.path("sessions").get(0).path("undoCheckpoints").asInt(-1));
    browser.sendJson(Map.of("type", "event", "event", "history", "entries", List.of(Map.of("entry", "c_1",
        "summary", "added script Sprite#2 to Sprite"))));
    await().atMost(WAIT).until(() -> ok("snap_status", Map.of()).path("sessions").get(0).path("undoCheckpoints")
        .asInt() == 1);
  }

  @Test
  void getProjectSendsGetProjectAndReturnsScriptsWithIds() {
    JsonNode project = ok("snap_get_project", Map.of());
    assertEquals(List.of("get_project"), snap.ops());
    assertEquals("Pong", project.path("name").asString());
    assertEquals("Pong", project.path("state").path("project").asString());
    JsonNode script = project.path("sprites").get(0).path("scripts").get(0);
    assertEquals("Sprite#1", script.path("id").asString());
    assertEquals("(receiveGo) (forward 10)", script.path("code").asString());
    assertEquals("r0", script.path("revision").asString());
    assertFalse(project.has("error"));
  }

  @Test
  void addScriptSendsOneOpAndEchoesTheScriptAndTheTabsHistorySize() {
    JsonNode added = ok("snap_add_script", Map.of("code", "(turn 15)", "sprite", "Sprite", "x", 40));
    assertEquals(List.of("add_script"), snap.ops(), "no checkpoint first: the tab keeps its own history");
    JsonNode args = snap.lastArgs("add_script");
    assertEquals("(turn 15)", args.path("code").asString());
    assertEquals("Sprite", args.path("sprite").asString());
    assertEquals(40, args.path("x").asInt());
    assertEquals("Sprite#2", added.path("script").path("id").asString());
    assertEquals("(turn 15)", added.path("script").path("code").asString());
    assertEquals(1, added.path("undoCheckpoints").asInt());
    assertEquals("add_script done", added.path("change").path("summary").asString());
    assertFalse(added.has("undoable"), "the tab's history size is shown once, as undoCheckpoints");
  }

  @Test
  void replaceDeleteAndDefineSendTheProtocolsArgs() {
    ok("snap_replace_script", Map.of("sprite", "Sprite", "id", "Sprite#1", "code", "(forward 20)", "revision", "r0"));
    assertEquals("Sprite#1", snap.lastArgs("replace_script").path("id").asString());
    assertEquals("(forward 20)", snap.lastArgs("replace_script").path("code").asString());
    assertEquals("r0", snap.lastArgs("replace_script").path("revision").asString());

    JsonNode deleted = ok("snap_delete_script", Map.of("sprite", "Sprite", "id", "Sprite#1", "revision", "r7"));
    assertEquals("Sprite#1", deleted.path("deleted").asString());
    assertEquals("r7", snap.lastArgs("delete_script").path("revision").asString());

    JsonNode defined = ok("snap_define_block", Map.of("label", "jump %height", "code", "(changeYPosition (get height))",
        "inputs", List.of(Map.of("name", "height", "type", "number"))));
    JsonNode args = snap.lastArgs("define_block");
    assertEquals("jump %height", args.path("label").asString());
    assertEquals("command", args.path("type").asString(), "default type");
    assertEquals("global", args.path("scope").asString(), "default scope");
    assertEquals("other", args.path("category").asString(), "default category");
    assertEquals("height", args.path("inputs").get(0).path("name").asString());
    assertEquals("jump %height", defined.path("block").path("label").asString());
    assertEquals(List.of("replace_script", "delete_script", "define_block"), snap.ops());
    assertEquals(3, defined.path("undoCheckpoints").asInt());
  }

  @Test
  void aScriptChangedSinceItWasReadIsLeftAloneAndTheErrorGivesItsCurrentCode() {
    JsonNode stale = error("snap_replace_script", Map.of("sprite", "Sprite", "id", "Sprite#1", "code", "(forward 20)",
        "revision", "old"));
    assertEquals("changed_since_read", stale.at("/error/code").asString());
    assertEquals("(receiveGo) (forward 10)", stale.at("/error/details/code").asString());
    assertEquals("r0", stale.at("/error/details/revision").asString());
    assertTrue(stale.at("/error/message").asString().contains("details.code"), stale::toString);
  }

  @Test
  void variablesAreReadAndSetAsJsonListsIncluded() {
    ok("snap_set_variable", Map.of("name", "items", "value", List.of(1, List.of("a", "b"))));
    JsonNode sent = snap.lastArgs("set_variable");
    assertEquals("[1,[\"a\",\"b\"]]", sent.path("value").toString());
    JsonNode variables = ok("snap_get_variables", Map.of());
    assertEquals("[1,[\"a\",\"b\"]]", variables.path("globals").path("items").toString());
  }

  @Test
  void runSendsModeAndTimeoutAndReturnsWhatHappened() {
    JsonNode run = ok("snap_run", Map.of("mode", "broadcast", "message", "go", "timeoutSeconds", 3));
    JsonNode args = snap.lastArgs("run");
    assertEquals("broadcast", args.path("mode").asString());
    assertEquals("go", args.path("message").asString());
    assertEquals(3000, args.path("timeoutMs").asInt());
    assertTrue(run.path("finished").asBoolean());
    assertEquals("Hello!", run.path("said").get(0).path("text").asString());
    assertEquals(1, run.path("variables").path("changed").path("score").path("after").asInt());
  }

  @Test
  void runRefusesAModeWithoutWhatItNeeds() {
    JsonNode error = error("snap_run", Map.of("mode", "script"));
    assertEquals("bad_args", error.path("error").path("code").asString());
    assertFalse(snap.ops().contains("run"));
  }

  @Test
  void screenshotIsAPngImageContent() {
    McpSchema.CallToolResult result = tools.call("snap_screenshot", Map.of("target", "ide"));
    assertFalse(Boolean.TRUE.equals(result.isError()));
    McpSchema.ImageContent image = assertInstanceOf(McpSchema.ImageContent.class, result.content().get(0));
    assertEquals("image/png", image.mimeType());
    assertEquals(ScriptedSnap.PNG, image.data());
    assertEquals("ide", snap.lastArgs("screenshot").path("target").asString());
    JsonNode structured = ToolHarness.structured(result);
    assertEquals(1, structured.path("width").asInt());
    assertFalse(structured.has("png"), "the picture is not repeated as text");
  }

  @Test
  void stopAndFindBlocks() {
    assertTrue(ok("snap_stop", Map.of()).path("stopped").asBoolean());
    JsonNode found = ok("snap_find_blocks", Map.of("query", "move"));
    assertEquals(20, snap.lastArgs("find_blocks").path("limit").asInt(), "default limit");
    assertEquals("forward", found.path("blocks").get(0).path("selector").asString());
  }

  @Test
  void undoAsksTheTabToTakeBackItsNewestChangeAndSaysWhichOne() {
    ok("snap_set_variable", Map.of("name", "score", "value", 3));
    ok("snap_new_project", Map.of("name", "Empty"));
    JsonNode undone = ok("snap_undo", Map.of());
    assertEquals(List.of("set_variable", "new_project", "undo"), snap.ops());
    assertEquals(false, snap.lastArgs("undo").path("force").asBoolean(true));
    assertEquals("new_project done", undone.at("/undone/summary").asString());
    assertEquals("2026-12-01T10:00:00Z", undone.at("/undone/at").asString());
    assertTrue(undone.at("/undone/tool").isNull() && undone.at("/undone/client").isNull(), undone::toString);
    assertFalse(undone.path("undone").has("entry"));
    assertEquals(1, undone.path("undoCheckpoints").asInt());
    ok("snap_undo", Map.of("force", true));
    assertEquals(true, snap.lastArgs("undo").path("force").asBoolean());
    JsonNode nothing = error("snap_undo", Map.of());
    assertEquals("nothing_to_undo", nothing.path("error").path("code").asString());
  }

  @Test
  void anUndoOfSomethingChangedByHandIsRefusedWithBothVersions() {
    ok("snap_add_script", Map.of("code", "(turn 15)"));
    snap.editedByHand = true;
    JsonNode refused = error("snap_undo", Map.of());
    assertEquals("changed_by_user", refused.at("/error/code").asString());
    assertEquals("(turn 15)", refused.at("/error/details/assistant").asString());
    assertEquals("(turn 90)", refused.at("/error/details/current").asString());
    assertTrue(refused.at("/error/message").asString().contains("details.current"), refused::toString);
    assertEquals("bad_args", error("snap_undo", Map.of("force", "yes")).at("/error/code").asString());
  }

  @Test
  void saveThenLoadAProjectFile() throws Exception {
    Path file = files.resolve("pong.xml");
    JsonNode saved = ok("snap_save_project", Map.of("path", file.toString()));
    assertEquals(ScriptedSnap.xml("Pong"), Files.readString(file));
    assertEquals(Files.size(file), saved.path("bytes").asLong());
    JsonNode exists = error("snap_save_project", Map.of("path", file.toString()));
    assertEquals("file_exists", exists.path("error").path("code").asString());

    Files.writeString(file, ScriptedSnap.xml("Breakout"));
    JsonNode loaded = ok("snap_load_project", Map.of("path", file.toString()));
    assertEquals("Breakout", loaded.path("name").asString());
    assertEquals("Breakout", loaded.path("state").path("project").asString());
    JsonNode relative = ok("snap_load_project", Map.of("path", "pong.xml"));
    assertEquals("Breakout", relative.path("name").asString(), "a name is a file in the projects folder");
  }

  @Test
  void aBrowserErrorComesBackAsAnErrorResultAndNothingIsKept() {
    JsonNode error = error("snap_add_script", Map.of("code", "(forwrd 10)"));
    assertEquals("unknown_block", error.path("error").path("code").asString());
    assertTrue(error.path("error").path("message").asString().contains("snap_find_blocks"));
    assertEquals(session, error.path("state").path("session").asString());
  }

  @Test
  void withTwoTabsTheToolsAskWhichAndGoOnlyWhereTold() {
    ScriptedSnap second = new ScriptedSnap("Maze");
    NewSession other = store.create(Duration.ofHours(1));
    try (FakeBrowser tab = connect(other, second, "Maze")) {
      JsonNode which = error("snap_get_project", Map.of());
      assertEquals("several_tabs", which.path("error").path("code").asString());
      String message = which.path("error").path("message").asString();
      assertTrue(message.contains(session) && message.contains(other.session().id()), message);

      McpSchema.CallToolResult result =
          tools.call("snap_get_project", Map.of("session", other.session().id()));
      JsonNode maze = ToolHarness.structured(result);
      assertEquals("Maze", maze.path("name").asString());
      assertEquals(other.session().id(), maze.path("state").path("session").asString());
      assertEquals(List.of("get_project"), second.ops());
      assertTrue(snap.ops().isEmpty(), "the first tab was not asked");

      assertEquals(1, ok("snap_new_project", Map.of("session", session)).path("undoCheckpoints").asInt());
      JsonNode nothing = error("snap_undo", Map.of("session", other.session().id()));
      assertEquals("nothing_to_undo", nothing.path("error").path("code").asString(), "each tab has its own history");
    }
  }

  @Test
  void aTabPairedWhileAnotherIsComingBackIsTheOneMeant() {
    browser.close(); // dropped, not closed: within the grace it is "reconnecting"
    await().atMost(WAIT).until(() -> store.get(session).map(s -> !s.connected()).orElse(false));
    ScriptedSnap second = new ScriptedSnap("Maze");
    NewSession other = store.create(Duration.ofHours(1));
    try (FakeBrowser tab = connect(other, second, "Maze")) {
      McpSchema.CallToolResult result = tools.call("snap_get_project", Map.of());
      JsonNode maze = ToolHarness.structured(result);
      assertFalse(Boolean.TRUE.equals(result.isError()), maze::toString);
      assertEquals("Maze", maze.path("name").asString(), "the tab connected now, not the one that dropped");
      assertEquals(other.session().id(), maze.path("state").path("session").asString());
      assertTrue(snap.ops().isEmpty(), "the dropped tab was not waited for");
    }
  }

  @Test
  void callsForOneTabQueueAtTheBridgeWithinTheirTimeoutAndCallsForAnotherTabDoNot() throws Exception {
    ScriptedSnap second = new ScriptedSnap("Maze");
    NewSession other = store.create(Duration.ofHours(1));
    try (FakeBrowser tab = connect(other, second, "Maze")) {
      snap.unanswered.add("run");
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var stuck = pool.submit(() -> tools.call("snap_run", Map.of("session", session, "timeoutSeconds", 1)));
        await().atMost(WAIT).until(() -> snap.ops().contains("run"));
        var queued = pool.submit(() -> tools.call("snap_get_variables", Map.of("session", session)));

        JsonNode elsewhere = ToolHarness.structured(tools.call("snap_get_variables",
            Map.of("session", other.session().id())));
        assertFalse(elsewhere.has("error"), "the other tab answers while the first is busy: " + elsewhere);
        assertFalse(queued.isDone(), "the same tab's next call waits for the stuck one");
        assertFalse(snap.ops().contains("get_variables"));

        McpSchema.CallToolResult timedOut = stuck.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("timeout", ToolHarness.structured(timedOut).path("error").path("code").asString());
        // Its timeout (5 s here) bounds its whole stay, the wait in the queue behind the 6 s run included.
        JsonNode after = ToolHarness.structured(queued.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("timeout", after.path("error").path("code").asString());
        assertTrue(after.path("error").path("message").asString().contains("in the queue"), after::toString);
        assertEquals(List.of("run"), snap.ops(), "the queued call never reached the busy tab");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aCallForATabThatDroppedWaitsForItAndRunsWhenItIsBack() throws Exception {
    NewSession created = store.create(Duration.ofHours(1));
    ScriptedSnap again = new ScriptedSnap("Again");
    FakeBrowser first = connect(created, again, "Again");
    first.abort();
    await().atMost(WAIT).until(() -> store.get(created.session().id()).map(s -> !s.connected()).orElse(false));
    var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var call = pool.submit(() -> tools.call("snap_get_project", Map.of("session", created.session().id())));
      await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !call.isDone());
      try (FakeBrowser back = connect(created, again, "Again")) {
        JsonNode project = ToolHarness.structured(call.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(project.has("error"), project::toString);
        assertEquals("Again", project.path("name").asString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStopSignDoesNotQueueBehindTheRunItEnds() throws Exception {
    snap.unanswered.add("run");
    var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var running = pool.submit(() -> tools.call("snap_run", Map.of("session", session, "timeoutSeconds", 5)));
      await().atMost(WAIT).until(() -> snap.ops().contains("run"));

      assertTrue(ok("snap_stop", Map.of("session", session)).path("stopped").asBoolean());
      assertFalse(running.isDone(), "stop answered while the run was still waiting");
      assertEquals(List.of("run", "stop"), snap.ops());
      running.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnknownSessionIsNamedInTheError() {
    JsonNode error = error("snap_stop", Map.of("session", "sess_nope"));
    assertEquals("unknown_session", error.path("error").path("code").asString());
    assertTrue(error.path("error").path("message").asString().contains(session));
  }

  @Test
  void aTabThatDroppedAndDidNotComeBackInTimeIsReconnectingNeverPairAgain() {
    browser.close();
    await().atMost(WAIT).until(() -> store.get(session).map(s -> !s.connected()).orElse(false));
    JsonNode error = error("snap_get_project", Map.of());
    assertEquals("reconnecting", error.path("error").path("code").asString());
    String message = error.path("error").path("message").asString();
    assertTrue(message.contains("by itself") && message.contains("dropped"), message);
    assertFalse(message.contains("snap_pair"), "a tab that is coming back needs no new pairing: " + message);
    JsonNode status = ToolHarness.structured(tools.call("snap_status", Map.of()));
    assertEquals("reconnecting", status.path("sessions").get(0).path("state").asString(), status::toString);
    assertTrue(status.path("next").asString().contains("comes back by itself"), status::toString);
  }

  @Test
  void aClosedTabIsReportedWithTheNextStep() {
    browser.closing().awaitClose(WAIT);
    await().atMost(WAIT).until(() -> store.get(session).map(s -> !s.connected()).orElse(false));
    JsonNode error = error("snap_get_project", Map.of("session", session));
    assertEquals("tab_closed", error.path("error").path("code").asString());
    assertTrue(error.path("error").path("message").asString().contains("snap_pair"), error::toString);
    JsonNode status = ToolHarness.structured(tools.call("snap_status", Map.of()));
    assertEquals("tab_closed", status.path("sessions").get(0).path("state").asString(), status::toString);
  }
}
