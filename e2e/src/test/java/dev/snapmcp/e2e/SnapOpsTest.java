package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every op of docs/protocol.md run through the extension's page script against real Snap!, checked by what Snap!
 * then holds (its own project, its variables, its pictures), not by what the op claims.
 */
class SnapOpsTest extends SnapBrowserTest {

  @Test
  void addScriptWritesRealBlocksAndEchoesThemAsTextCode() throws IOException {
    Page page = openReadySnap();
    JsonNode added = ok(exec(page, "add_script", Map.of("code",
        "(receiveGo) (forward 10) (ifElse (> (xPosition) 0) (say yes) ((say no) (turn 15)))")));
    assertEquals("Sprite", added.path("sprite").asString());
    assertEquals("Sprite#1", added.at("/script/id").asString());
    // Snap! writes its code names back (forward -> move, xPosition -> x): the echo is what Snap! now holds.
    assertEquals("(receiveGo) (move 10) (ifElse (> (x) 0) (say yes) ((say no) (right 15)))", added.at("/script/code").asString());
    assertEquals(true, added.at("/state/ready").asBoolean());
    // The blocks are really in the sprite's scripting area, as Snap!'s own toLisp sees them.
    assertEquals("((receiveGo) (move 10) (ifElse (> (x) 0) (say yes) ((say no) (right 15))))",
        page.evaluate("() => world.children[0].currentSprite.scripts.children.find(m => m instanceof BlockMorph).toLisp()"));

    // What a user sees: Snap! holding the script the assistant wrote.
    page.screenshot(new Page.ScreenshotOptions().setPath(artifactsDir().resolve("snap-with-added-script.png")));
    JsonNode scripts = ok(exec(page, "screenshot", Map.of("target", "scripts")));
    BufferedImage picture = png(scripts.path("png").asString());
    assertTrue(picture.getWidth() > 100 && picture.getHeight() > 100, "scripts picture " + picture.getWidth() + "x" + picture.getHeight());
  }

  @Test
  void scriptIdsStayWithTheirScripts() {
    Page page = openReadySnap();
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 1)")));
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 2)")));
    assertEquals("Sprite#1", ok(exec(page, "delete_script", Map.of("sprite", "Sprite", "id", "Sprite#1"))).path("deleted").asString());
    JsonNode third = ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 3)", "x", 300, "y", 40)));
    assertEquals("Sprite#3", third.at("/script/id").asString());
    assertEquals(300, third.at("/script/x").asInt());

    JsonNode replaced = ok(exec(page, "replace_script", Map.of("sprite", "Sprite", "id", "Sprite#2", "code", "(receiveGo) (turn 90)")));
    assertEquals("Sprite#2", replaced.at("/script/id").asString());
    JsonNode scripts = ok(exec(page, "get_project", Map.of())).at("/sprites/0/scripts");
    assertEquals(2, scripts.size());
    Map<String, String> byId = Map.of(scripts.get(0).path("id").asString(), scripts.get(0).path("code").asString(),
        scripts.get(1).path("id").asString(), scripts.get(1).path("code").asString());
    assertEquals(Map.of("Sprite#2", "(receiveGo) (right 90)", "Sprite#3", "(receiveGo) (move 3)"), byId);

    JsonNode missing = exec(page, "delete_script", Map.of("sprite", "Sprite", "id", "Sprite#1"));
    assertEquals("unknown_script", missing.at("/error/code").asString(), missing::toString);
    JsonNode noSprite = exec(page, "add_script", Map.of("sprite", "Nobody", "code", "(forward 1)"));
    assertEquals("unknown_sprite", noSprite.at("/error/code").asString());
    assertTrue(noSprite.at("/error/message").asString().contains("Sprite"));
  }

  @Test
  void unknownBlockNamesAreRefusedWithTheNearestNamesAndNothingChanges() {
    Page page = openReadySnap();
    JsonNode refused = exec(page, "add_script", Map.of("code", "(receiveGo) (forwrd 10) (sayy hi)"));
    assertEquals("unknown_block", refused.at("/error/code").asString(), refused::toString);
    JsonNode unknown = refused.at("/error/details/unknown");
    assertEquals("forwrd", unknown.get(0).path("name").asString());
    assertEquals("forward", unknown.get(0).path("suggestions").get(0).asString(), unknown::toString);
    assertEquals("sayy", unknown.get(1).path("name").asString());
    assertTrue(unknown.get(1).path("suggestions").valueStream().anyMatch(s -> s.asString().equals("say")), unknown::toString);
    assertEquals(0, ok(exec(page, "get_project", Map.of())).at("/sprites/0/scripts").size());

    assertEquals("parse_error", exec(page, "add_script", Map.of("code", "(forward 10")).at("/error/code").asString());
    assertEquals("parse_error", exec(page, "add_script", Map.of("code", "forward 10")).at("/error/code").asString());
    assertEquals("bad_args", exec(page, "add_script", Map.of("code", " ")).at("/error/code").asString());
    assertEquals("unknown_op", exec(page, "eval_js", Map.of()).at("/error/code").asString());
  }

  @Test
  void greenFlagRunReportsWhatWasSaidWhatChangedAndErrors() {
    Page page = openReadySnap();
    ok(exec(page, "set_variable", Map.of("name", "score", "value", 5)));
    ok(exec(page, "add_script", Map.of("code",
        "(receiveGo) (doSetVar score 0) (repeat 3 (doChangeVar score 1)) (doSayFor \"Hello!\" 0.1) (doThink (get score))")));
    JsonNode failing = ok(exec(page, "add_script", Map.of("code", "(receiveGo) (say (get nosuch))")));

    JsonNode run = ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 10000)));
    assertTrue(run.path("finished").asBoolean(), run::toString);
    assertEquals(List.of("say:Hello!", "think:3"), run.path("said").valueStream()
        .filter(s -> s.path("sprite").asString().equals("Sprite"))
        .map(s -> s.path("kind").asString() + ":" + s.path("text").asString()).toList());
    assertEquals(5, run.at("/variables/changed/score/before").asInt());
    assertEquals(3, run.at("/variables/changed/score/after").asInt());
    assertEquals(1, run.path("errors").size(), run::toString);
    assertEquals(failing.at("/script/id").asString(), run.at("/errors/0/scriptId").asString());
    assertTrue(run.at("/errors/0/message").asString().contains("nosuch"), run::toString);
    // Snap! agrees about the variable.
    assertEquals(3, ((Number) page.evaluate("() => world.children[0].getVar('score')")).intValue());
  }

  @Test
  void variablesTheCodeSetsAreMadeUnlessTheCodeBindsThem() {
    Page page = openReadySnap();
    JsonNode added = ok(exec(page, "add_script", Map.of("code",
        "(receiveGo) (doSetVar total 0) (doDeclareVariables tmp) (doSetVar tmp 1) (for i 1 3 (doChangeVar total (get i)))")));
    assertEquals("[\"total\"]", added.path("declared").toString());
    JsonNode run = ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 5000)));
    assertEquals(0, run.path("errors").size(), run::toString);
    assertEquals(6, run.at("/variables/changed/total/after").asInt(), run::toString);
    assertEquals("[]", ok(exec(page, "add_script", Map.of("code", "(receiveGo) (doSetVar total 1)"))).path("declared").toString());
  }

  @Test
  void runOneScriptOrABroadcastAndStopWhatNeverEnds() {
    Page page = openReadySnap();
    JsonNode counter = ok(exec(page, "add_script", Map.of("code", "(receiveMessage tick) (doChangeVar n 1)")));
    ok(exec(page, "set_variable", Map.of("name", "n", "value", 0)));
    JsonNode viaBroadcast = ok(exec(page, "run", Map.of("mode", "broadcast", "message", "tick", "timeoutMs", 5000)));
    assertTrue(viaBroadcast.path("finished").asBoolean());
    assertEquals(1, viaBroadcast.at("/variables/changed/n/after").asInt(), viaBroadcast::toString);
    JsonNode viaScript = ok(exec(page, "run", Map.of("mode", "script", "sprite", "Sprite",
        "id", counter.at("/script/id").asString(), "timeoutMs", 5000)));
    assertEquals(2, viaScript.at("/variables/changed/n/after").asInt(), viaScript::toString);

    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forever (turn 1))")));
    JsonNode endless = ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 300)));
    assertFalse(endless.path("finished").asBoolean());
    assertEquals(true, page.evaluate("() => world.children[0].isRunning()"));
    assertTrue(ok(exec(page, "stop", Map.of())).path("stopped").asBoolean());
    assertEquals(false, page.evaluate("() => world.children[0].isRunning()"));
  }

  @Test
  void scriptsRunInATabNobodyLooksAt() {
    Page page = openReadySnap();
    ok(exec(page, "add_script", Map.of("code",
        "(receiveGo) (doSetVar n 0) (repeat 10 (doChangeVar n 1)) (doWait 0.1) (doSayFor done 0.1)")));
    // What Chrome does to a background tab: it is hidden and its animation frames stop, and with them Snap!'s loop.
    page.evaluate("() => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
        + " window.requestAnimationFrame = () => 0; }");
    JsonNode run = ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 10000)));
    assertTrue(run.path("finished").asBoolean(), run::toString);
    assertEquals(10, run.at("/variables/changed/n/after").asInt(), run::toString);
    assertEquals("done", run.at("/said/0/text").asString(), run::toString);
  }

  @Test
  void variablesRoundTripListsAndSpriteLocals() {
    Page page = openReadySnap();
    JsonNode set = ok(exec(page, "set_variable", Map.of("name", "grid", "value", List.of(List.of(1, 2), List.of("a", "b")))));
    assertEquals("global", set.path("scope").asString());
    ok(exec(page, "set_variable", Map.of("name", "lives", "value", 3, "sprite", "Sprite")));
    JsonNode vars = ok(exec(page, "get_variables", Map.of()));
    assertEquals("[[1,2],[\"a\",\"b\"]]", vars.at("/globals/grid").toString());
    assertEquals(3, vars.at("/sprites/Sprite/lives").asInt());
    // Snap! holds a real list of lists.
    assertEquals("a", page.evaluate("() => world.children[0].getVar('grid').at(2).at(1)"));
  }

  @Test
  void customBlocksAreDefinedAndUsableFromTextCode() {
    Page page = openReadySnap();
    JsonNode defined = ok(exec(page, "define_block", Map.of("label", "jump %height", "category", "motion", "type", "command",
        "inputs", List.of(Map.of("name", "height", "type", "number")), "scope", "global",
        "code", "(changeYPosition (get height))")));
    assertEquals("jump _", defined.at("/block/label").asString());
    assertEquals("(+y (get height))", defined.at("/block/code").asString()); // Snap!'s code name for changeYPosition
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (\"jump _\" 50)")));
    ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 5000)));
    assertEquals(50, ((Number) page.evaluate("() => world.children[0].currentSprite.yPosition()")).intValue());
    JsonNode blocks = ok(exec(page, "get_project", Map.of())).path("customBlocks");
    assertEquals("jump _", blocks.get(0).path("label").asString());
    assertEquals("global", blocks.get(0).path("scope").asString());

    JsonNode reporter = ok(exec(page, "define_block", Map.of("label", "double %x", "category", "operators", "type", "reporter",
        "inputs", List.of(Map.of("name", "x")), "scope", "sprite", "sprite", "Sprite", "code", "(* (get x) 2)")));
    assertEquals("sprite", reporter.at("/block/scope").asString());
    ok(exec(page, "add_script", Map.of("code", "(receiveMessage go) (doSetVar r (\"double _\" 21))")));
    ok(exec(page, "set_variable", Map.of("name", "r", "value", 0)));
    JsonNode run = ok(exec(page, "run", Map.of("mode", "broadcast", "message", "go", "timeoutMs", 5000)));
    assertEquals(42, run.at("/variables/changed/r/after").asInt(), run::toString);
  }

  @Test
  void stageScreenshotIsA480x360PictureOfTheStage() throws IOException {
    Page page = openReadySnap();
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (down) (setSize 5) (forward 100) (turn 90) (forward 100)")));
    ok(exec(page, "run", Map.of("mode", "green_flag", "timeoutMs", 5000)));
    JsonNode shot = ok(exec(page, "screenshot", Map.of("target", "stage")));
    assertEquals(480, shot.path("width").asInt());
    assertEquals(360, shot.path("height").asInt());
    BufferedImage image = png(shot.path("png").asString());
    assertEquals(480, image.getWidth());
    assertEquals(360, image.getHeight());
    assertTrue(distinctColours(image) > 1, "the stage picture is blank");

    JsonNode ide = ok(exec(page, "screenshot", Map.of("target", "ide")));
    assertTrue(png(ide.path("png").asString()).getWidth() >= 1000);
  }

  @Test
  void findBlocksGivesNamesAndExamplesThatSnapAccepts() {
    Page page = openReadySnap();
    JsonNode found = ok(exec(page, "find_blocks", Map.of("query", "say", "limit", 5)));
    JsonNode first = found.path("blocks").get(0);
    assertEquals("say", first.path("selector").asString(), found::toString);
    assertEquals("looks", first.path("category").asString());
    assertEquals("[\"text\"]", first.path("inputs").toString());

    // Every example of every category is code Snap! takes as it is.
    int checked = 0;
    for (String category : List.of("motion", "looks", "sound", "pen", "control", "sensing", "operators", "variables", "lists", "other")) {
      JsonNode blocks = ok(exec(page, "find_blocks", Map.of("category", category, "limit", 200))).path("blocks");
      assertTrue(blocks.size() > 0, category);
      for (JsonNode block : blocks) {
        JsonNode tried = exec(page, "add_script", Map.of("code", block.path("example").asString()));
        assertTrue(tried.path("ok").asBoolean(), () -> block + " -> " + tried);
        checked++;
      }
    }
    assertTrue(checked > 200, "examples checked: " + checked);
    assertEquals("(set score 0)", ok(exec(page, "find_blocks", Map.of("query", "set", "category", "variables")))
        .at("/blocks/0/example").asString());
  }

  @Test
  void projectsAreCreatedSavedAndLoaded() {
    Page page = openReadySnap();
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 42)")));
    ok(exec(page, "set_variable", Map.of("name", "kept", "value", "yes")));
    ok(exec(page, "new_project", Map.of("name", "Keeper")));
    JsonNode xml = ok(exec(page, "get_project_xml", Map.of()));
    assertEquals("Keeper", xml.path("name").asString());
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 42)")));
    String saved = ok(exec(page, "get_project_xml", Map.of())).path("xml").asString();
    assertTrue(saved.startsWith("<project"), saved.substring(0, 40));

    JsonNode fresh = ok(exec(page, "new_project", Map.of("name", "Scratchpad")));
    assertEquals("Scratchpad", fresh.path("name").asString());
    JsonNode empty = ok(exec(page, "get_project", Map.of()));
    assertEquals(0, empty.at("/sprites/0/scripts").size());
    assertTrue(empty.path("globals").isEmpty(), empty::toString);

    JsonNode loaded = ok(exec(page, "load_project", Map.of("xml", saved)));
    assertEquals("Keeper", loaded.path("name").asString());
    JsonNode back = ok(exec(page, "get_project", Map.of()));
    assertEquals("(receiveGo) (move 42)", back.at("/sprites/0/scripts/0/code").asString(), back::toString);
    assertEquals("Keeper", back.path("name").asString());
    assertEquals("bad_args", exec(page, "load_project", Map.of("xml", "<project><unclosed></project>")).at("/error/code").asString());
    JsonNode unreadable = exec(page, "load_project", Map.of("xml", "<project name=\"x\"></project>"));
    assertEquals("snap_error", unreadable.at("/error/code").asString(), unreadable::toString);
    assertTrue(unreadable.at("/error/message").asString().contains("Missing required element"), unreadable::toString);
    ok(exec(page, "add_script", Map.of("code", "(receiveGo) (forward 1)"))); // Snap! still works
  }

  @Test
  void nothingBetweenPageAndExtensionGoesOverWindowMessages() {
    // (Snap!'s window.onmessage loops on a message with a `selector` key: none of ours can have one, there are none.)
    Page page = browser.newPage();
    page.addInitScript("window.__messages = []; window.addEventListener('message', e => window.__messages.push("
        + "Object.keys(e.data || {})));"
        + "window.__events = []; let api; Object.defineProperty(window, 'snapMcp', {configurable: true, get: () => api,"
        + " set: (v) => { api = v; v.onEvent(e => window.__events.push(e.event)); }});");
    page.navigate(snap.url("snap.html").toString());
    awaitReady(page);
    page.waitForFunction("() => window.__events.includes('ready')"); // the page told the relay: over the channel
    ok(exec(page, "get_project", Map.of()));
    JsonNode keys = dev.snapmcp.core.Json.mapper().valueToTree(page.evaluate("() => window.__messages"));
    Set<String> seen = new HashSet<>();
    keys.valueStream().forEach(k -> k.valueStream().forEach(x -> seen.add(x.asString())));
    assertFalse(seen.contains("snapMcp"), seen::toString);
    assertFalse(seen.contains("selector"), seen::toString);
  }

  private static JsonNode ok(JsonNode answer) {
    assertTrue(answer.path("ok").asBoolean(), answer::toString);
    assertNotEquals(null, answer.get("value"));
    return answer.path("value");
  }

  private static BufferedImage png(String base64) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
