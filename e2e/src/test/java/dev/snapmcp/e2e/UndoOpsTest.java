package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.snapmcp.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each kind of change taken back by the page's apply_undo against real Snap!, given the {@code undo} the change
 * answered (the relay's part is its own unit test): checked by what Snap! then holds.
 */
class UndoOpsTest extends SnapBrowserTest {

  private static JsonNode ok(JsonNode answer) {
    assertTrue(answer.path("ok").asBoolean(), answer::toString);
    return answer.path("value");
  }

  private static JsonNode undo(Page page, JsonNode changed, boolean force) {
    Object undo = Json.mapper().convertValue(changed.at("/change/undo"), Map.class);
    return exec(page, "apply_undo", Map.of("undo", undo, "force", force));
  }

  @Test
  void aDeletedScriptComesBackAtItsPlaceWithItsIdAndItsComment() {
    Page page = openReadySnap();
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 1)")));
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 2)", "x", 200, "y", 150)));
    page.evaluate("() => { const s = world.children[0].currentSprite; const b = s.scripts.children.filter(m => "
        + "m instanceof BlockMorph).find(m => m.toLisp().includes('move 2')); const c = new CommentMorph('a note');"
        + " b.comment = c; c.block = b; s.scripts.add(c); c.align(b); }");
    JsonNode deleted = ok(exec(page, "delete_script", Map.of("sprite", "Sprite", "id", "Sprite#2")));
    JsonNode back = ok(undo(page, deleted, false));
    assertEquals("Sprite#2", back.at("/script/id").asString());
    assertEquals(200, back.at("/script/x").asInt());
    assertEquals(150, back.at("/script/y").asInt());
    assertEquals("a note", page.evaluate("() => world.children[0].currentSprite.scripts.children"
        + ".find(m => m instanceof CommentMorph).text()"));
  }

  @Test
  void aBlockGetsItsOldDefinitionBackAndANewOneGoesUnlessAScriptUsesIt() {
    Page page = openReadySnap();
    Map<String, Object> jump = Map.of("label", "jump %h", "category", "motion", "type", "command", "scope", "global",
        "inputs", List.of(Map.of("name", "h", "type", "number")), "code", "(changeYPosition (get h))");
    JsonNode made = ok(exec(page, "define_block", jump));
    JsonNode changed = ok(exec(page, "define_block", Map.of("label", "jump %h", "category", "looks", "type", "command",
        "scope", "global", "code", "(turn (get h))")));
    ok(undo(page, changed, false));
    JsonNode block = ok(exec(page, "get_project", Map.of())).at("/customBlocks/0");
    assertEquals("(+y (get h))", block.path("code").asString());
    assertEquals("motion", block.path("category").asString());
    assertEquals("%n", page.evaluate("() => world.children[0].stage.globalBlocks[0].declarations.get('h')[0]"));

    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (\"jump _\" 5)")));
    JsonNode used = undo(page, made, false);
    assertEquals("changed_by_user", used.at("/error/code").asString(), used::toString);
    assertEquals("[\"Sprite#1\"]", used.at("/error/details/usedBy").toString());
    assertEquals(1, ok(exec(page, "get_project", Map.of())).path("customBlocks").size(), "nothing changed");
    ok(undo(page, made, true));
    assertEquals(0, ok(exec(page, "get_project", Map.of())).path("customBlocks").size());
  }

  @Test
  void aRunsVariablesComeBackWithTheirTypesAndAVariableASetMadeGoes() {
    Page page = openReadySnap();
    JsonNode made = ok(exec(page, "set_variable", Map.of("name", "score", "value", 5)));
    ok(exec(page, "set_variable", Map.of("name", "lives", "value", 3, "sprite", "Sprite")));
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (doSetVar score hello) (doChangeVar lives 1)")));
    JsonNode run = ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 5000)));
    assertEquals("ran the green flag, which changed score, Sprite/lives", run.at("/change/summary").asString());
    ok(undo(page, run, false));
    JsonNode vars = ok(exec(page, "get_variables", Map.of()));
    assertEquals(5, vars.at("/globals/score").intValue());
    assertTrue(vars.at("/globals/score").isNumber() && vars.at("/sprites/Sprite/lives").isNumber(), vars::toString);
    assertEquals(3, vars.at("/sprites/Sprite/lives").intValue());

    JsonNode quiet = ok(exec(page, "run", Map.of("mode", "broadcast", "message", "nobody", "timeoutMs", 1000)));
    assertTrue(quiet.path("change").isNull(), "a run that changed nothing leaves nothing to undo: " + quiet);

    JsonNode refused = undo(page, made, false);
    assertEquals("changed_by_user", refused.at("/error/code").asString(), "the script uses score: " + refused);
    ok(exec(page, "delete_script", Map.of("sprite", "Sprite", "id", "Sprite#1")));
    ok(undo(page, made, false));
    assertEquals(false, page.evaluate("() => world.children[0].getVarNames().includes('score')"));
  }
}
