package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Undo as the assistant and the person at the keyboard meet it, through two real {@code snap-mcp serve} processes (two
 * MCP clients sharing one bridge) and a real Snap! tab: the history is the tab's, an undo takes back exactly its
 * change, what was made by hand survives, values keep their types, and a script edited since is not overwritten.
 */
class UndoTest extends SnapBrowserTest {

  private TempStateDir state;
  private SessionStore store;
  private ServeClient a;
  private ServeClient b;
  private Path files;

  @BeforeAll
  void startTwoClients() throws IOException {
    state = TempStateDir.create();
    int port = ServeClient.freePort();
    a = new ServeClient("client-a", state.path(), port); // hosts the bridge
    b = new ServeClient("client-b", state.path(), port); // uses it
    store = state.open();
    files = Files.createTempDirectory("snap-mcp-undo");
  }

  /** A Snap! tab paired through client A's snap_pair link; every call below names its session. */
  private Tab pairedTab() {
    JsonNode pair = a.ok("snap_pair", Map.of());
    String session = pair.path("session").asString();
    Page page = openReadySnap("#snapmcp=" + pair.path("code").asString());
    store.await(session, Session::connected, Duration.ofSeconds(30));
    Tab tab = new Tab(session, page);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> !a.call("snap_get_project", tab.args()).isError());
    return tab;
  }

  record Tab(String session, Page page) {
    Map<String, Object> args(Object... pairs) {
      Map<String, Object> args = new HashMap<>();
      args.put("session", session);
      for (int i = 0; i < pairs.length; i += 2) {
        args.put((String) pairs[i], pairs[i + 1]);
      }
      return args;
    }

    /** The current sprite's scripts as Snap! itself writes them (toLisp), in reading order. */
    List<String> scriptsInSnap() {
      @SuppressWarnings("unchecked")
      List<String> codes = (List<String>) page.evaluate("() => world.children[0].currentSprite.scripts.children"
          + ".filter(m => m instanceof BlockMorph).sort((x, y) => x.top() - y.top()).map(b => b.toLisp())");
      return codes;
    }

    /** What a person does with the mouse: a script built from Snap!'s own blocks, dropped into the scripting area. */
    void buildScriptByHand(int steps) {
      page.evaluate("(steps) => { const ide = world.children[0], sprite = ide.currentSprite;"
          + " const hat = SpriteMorph.prototype.blockForSelector('receiveGo', true);"
          + " const move = SpriteMorph.prototype.blockForSelector('forward', true);"
          + " move.inputs()[0].setContents(steps); hat.nextBlock(move); sprite.scripts.add(hat);"
          + " hat.setPosition(sprite.scripts.topLeft().add(new Point(320, 40))); hat.fixBlockColor(null, true);"
          + " sprite.scripts.adjustBounds(); hat.changed(); }", steps);
    }

    /** What a person does with the keyboard: the number in a script's move block typed over. */
    void editMoveByHand(int from, int to) {
      page.evaluate("([from, to]) => { const sprite = world.children[0].currentSprite;"
          + " const move = sprite.scripts.allChildren().find(m => m.selector === 'forward'"
          + " && String(m.inputs()[0].evaluate()) === String(from));"
          + " move.inputs()[0].setContents(to); move.changed(); }", List.of(from, to));
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  @org.junit.jupiter.api.Disabled("waits on issue 12's tab half: commands carry no client/tool meta yet")
  void twoClientsShareTheTabsHistoryAndEachUndoSaysWhoseChangeItTookBack() {
    Tab tab = pairedTab();
    Instant before = Instant.now();
    a.ok("snap_add_script", tab.args("code", "(receiveGo) (forward 11)"));
    JsonNode y = b.ok("snap_add_script", tab.args("code", "(receiveGo) (forward 22)"));
    assertEquals(2, y.path("undoCheckpoints").asInt(), "one history for both clients");

    long start = System.nanoTime();
    JsonNode byB = b.ok("snap_undo", tab.args());
    System.err.printf("figure: snap_undo of a script change (MCP client to Snap! and back): %d ms%n", millisSince(start));
    assertEquals(List.of("((receiveGo) (move 11))"), tab.scriptsInSnap(), "B's undo took back B's script, not A's");
    // The tool and the client come from the command frame's meta, which the bridge fills from the request (issue 12a).
    assertEquals("snap_add_script", byB.at("/undone/tool").asString(), byB::toString);
    assertTrue(byB.at("/undone/client").asString().contains("client-b"), byB::toString);
    assertTrue(byB.at("/undone/summary").asString().contains("added script"), byB::toString);
    Instant at = Instant.parse(byB.at("/undone/at").asString());
    assertTrue(!at.isBefore(before.minusSeconds(1)) && !at.isAfter(Instant.now()), at::toString);
    assertEquals(1, byB.path("undoCheckpoints").asInt());

    JsonNode byA = a.ok("snap_undo", tab.args());
    assertEquals(List.of(), tab.scriptsInSnap());
    assertTrue(byA.at("/undone/client").asString().contains("client-a"), byA::toString);
    assertEquals(0, byA.path("undoCheckpoints").asInt());
    assertEquals("nothing_to_undo", b.error("snap_undo", tab.args()).at("/error/code").asString());
  }

  @Test
  void anUndoGivesBackEveryValueWithItsTypeAndSoDoTheProductsSaveAndLoad() throws IOException {
    Tab tab = pairedTab();
    Map<String, Object> values = Map.of("num", 12, "neg", -3.5, "text", "12", "word", "hello", "yes", true,
        "no", false, "basket", List.of(1, "two", List.of(3, 4), true, List.of()));
    values.forEach((name, value) -> a.ok("snap_set_variable", tab.args("name", name, "value", value)));
    JsonNode expected = a.ok("snap_get_variables", tab.args()).path("globals");
    assertEquals(12, expected.path("num").intValue());
    assertTrue(expected.path("num").isNumber() && expected.path("text").isString(), expected::toString);

    a.ok("snap_add_script", tab.args("code", "(receiveGo) (forward 5)"));
    a.ok("snap_undo", tab.args());
    assertEquals(expected, a.ok("snap_get_variables", tab.args()).path("globals"), "undo of an unrelated change");

    a.ok("snap_new_project", tab.args("name", "Blank"));
    assertTrue(a.ok("snap_get_variables", tab.args()).path("globals").isEmpty());
    a.ok("snap_undo", tab.args());
    assertEquals(expected, a.ok("snap_get_variables", tab.args()).path("globals"), "undo of a new project");
    assertEquals("number", tab.page().evaluate("() => typeof world.children[0].getVar('num')"));

    Path file = files.resolve("typed.xml");
    a.ok("snap_save_project", tab.args("path", file.toString()));
    a.ok("snap_set_variable", tab.args("name", "num", "value", 99));
    JsonNode beforeLoad = a.ok("snap_get_variables", tab.args()).path("globals");
    a.ok("snap_load_project", tab.args("path", file.toString()));
    assertEquals(expected, a.ok("snap_get_variables", tab.args()).path("globals"), "the product's own save and load");
    assertEquals("number", tab.page().evaluate("() => typeof world.children[0].getVar('num')"));
    assertEquals("number", tab.page().evaluate("() => typeof world.children[0].getVar('basket').at(3).at(1)"));

    long start = System.nanoTime();
    a.ok("snap_undo", tab.args());
    System.err.printf("figure: snap_undo of a project load (MCP client to Snap! and back): %d ms%n", millisSince(start));
    assertEquals(beforeLoad, a.ok("snap_get_variables", tab.args()).path("globals"), "undo of a load");
  }

  @Test
  void whatWasMadeByHandSurvivesAndAScriptEditedByHandIsNotTakenBackUnlessForced() throws IOException {
    Tab tab = pairedTab();
    a.ok("snap_add_script", tab.args("code", "(receiveGo) (forward 11)"));
    tab.buildScriptByHand(77);
    assertEquals(2, tab.scriptsInSnap().size());
    JsonNode undone = a.ok("snap_undo", tab.args());
    assertTrue(undone.at("/undone/summary").asString().contains("added script"), undone::toString);
    assertEquals(List.of("((receiveGo) (move 77))"), tab.scriptsInSnap(), "the hand-made script stays");

    a.ok("snap_add_script", tab.args("code", "(receiveGo) (forward 33)"));
    tab.editMoveByHand(33, 99);
    List<String> edited = tab.scriptsInSnap();
    JsonNode refused = a.error("snap_undo", tab.args());
    assertEquals("changed_by_user", refused.at("/error/code").asString(), refused::toString);
    assertEquals("(receiveGo) (move 33)", refused.at("/error/details/assistant").asString(), refused::toString);
    assertEquals("(receiveGo) (move 99)", refused.at("/error/details/current").asString(), refused::toString);
    assertEquals(edited, tab.scriptsInSnap(), "nothing changed");

    a.ok("snap_undo", tab.args("force", true));
    assertEquals(List.of("((receiveGo) (move 77))"), tab.scriptsInSnap());
    tab.page().screenshot(new Page.ScreenshotOptions().setPath(artifactsDir().resolve("undo-kept-hand-made-script.png")));
  }

  @Test
  void aScriptChangedSinceItWasReadIsNotOverwritten() {
    Tab tab = pairedTab();
    JsonNode added = a.ok("snap_add_script", tab.args("code", "(receiveGo) (forward 11)"));
    String id = added.at("/script/id").asString();
    String read = a.ok("snap_get_project", tab.args()).at("/sprites/0/scripts/0/revision").asString();
    assertEquals(added.at("/script/revision").asString(), read);

    tab.editMoveByHand(11, 12);
    JsonNode refused = a.error("snap_replace_script", tab.args("sprite", "Sprite", "id", id,
        "code", "(receiveGo) (forward 50)", "revision", read));
    assertEquals("changed_since_read", refused.at("/error/code").asString(), refused::toString);
    assertEquals("(receiveGo) (move 12)", refused.at("/error/details/code").asString());
    String now = refused.at("/error/details/revision").asString();
    assertNotEquals(read, now);
    assertEquals(now, a.ok("snap_get_project", tab.args()).at("/sprites/0/scripts/0/revision").asString());
    assertEquals(List.of("((receiveGo) (move 12))"), tab.scriptsInSnap(), "nothing changed");
    assertEquals("changed_since_read", a.error("snap_delete_script", tab.args("sprite", "Sprite", "id", id,
        "revision", read)).at("/error/code").asString());

    JsonNode replaced = a.ok("snap_replace_script", tab.args("sprite", "Sprite", "id", id,
        "code", "(receiveGo) (forward 50)", "revision", now));
    assertEquals(id, replaced.at("/script/id").asString());
    assertEquals(List.of("((receiveGo) (move 50))"), tab.scriptsInSnap());
  }

  @AfterAll
  void stopClients() {
    for (AutoCloseable c : new AutoCloseable[] {b, a, store, state}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("closing: " + e);
      }
    }
  }
}
