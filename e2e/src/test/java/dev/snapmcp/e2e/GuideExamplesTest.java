package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the text-code guide snap-mcp serves ({@code snap://guide/text-code}) says, checked against real Snap!: each
 * example, added through the extension's add_script op, is held by Snap! as the code the guide says, the silent
 * mistakes included (a bare word dropped from a list slot, a C-slot's extra blocks, an unquoted text's extra words).
 */
class GuideExamplesTest extends SnapBrowserTest {

  static final Path GUIDE =
      Path.of("..", "mcp", "src", "main", "resources", "dev", "snapmcp", "mcp", "tools", "text-code.md");

  /** Code as written (in the guide) -> the code Snap! holds for it. */
  static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("(receiveGo)\n(go 0 0)\n(repeat 36 ((move 10) (right 10)))",
        "(receiveGo) (go 0 0) (repeat 36 ((move 10) (right 10)))");
    EXAMPLES.put("(forward 10) (gotoXY 0 0) (turn 15) (doSetVar score 0)", "(move 10) (go 0 0) (right 15) (set score 0)");
    EXAMPLES.put("((move 10) (right 5))", "(move 10) (right 5)");
    EXAMPLES.put("(move 10) ; a comment\n(right 5)", "(move 10) (right 5)");
    EXAMPLES.put("(say \"Hello, world!\")", "(say \"Hello, world!\")");
    EXAMPLES.put("(say \"\")", "(say nil)");
    EXAMPLES.put("(goto \"[random position]\")", "(goto \"[random position]\")");
    EXAMPLES.put("(goto [center])", "(goto [center])");
    EXAMPLES.put("(goto center)", "(goto center)");
    EXAMPLES.put("(forever ((move 10) (bounce)))", "(forever ((move 10) (bounce)))");
    EXAMPLES.put("(say (+ : (range 1 10)))", "(say (+ : (range 1 10)))");
    EXAMPLES.put("(say (join Hello \" \" world))", "(say (join Hello \" \" world))");
    EXAMPLES.put("(ifElse (> (mouseX) 0) ((say yes) (move 10)) (say no))",
        "(ifElse (> (mouseX) 0) ((say yes) (move 10)) (say no))");
    EXAMPLES.put("(set score 0) (+= score 1) (var a b)", "(set score 0) (+= score 1) (var a b)");
    EXAMPLES.put("(for i 1 10 (say (get i)))", "(for i 1 10 (say (get i)))");
    EXAMPLES.put("(forEach item (list 1 2) (say (get item)))", "(forEach item (list 1 2) (say (get item)))");
    EXAMPLES.put("(say (map (ring (* 2 nil)) (list 1 2 3)))", "(say (map (ring (* 2 nil)) (list 1 2 3)))");
    EXAMPLES.put("(add 4 (get L)) (say (contains (get L) 2))", "(add 4 (get L)) (say (contains (get L) 2))");
    // the mistakes Snap! does not report
    EXAMPLES.put("(say (item 1 hello))", "(say (item 1 nil))");
    EXAMPLES.put("(repeat 36 (move 10) (right 10))", "(repeat 36 (move 10))");
    EXAMPLES.put("(say Hello world)", "(say Hello)");
  }

  @Test
  void everyExampleIsHeldAsTheGuideSays() throws IOException {
    String guide = Files.readString(GUIDE);
    Page page = openReadySnap();
    exec(page, "set_variable", Map.of("name", "L", "value", java.util.List.of(1, 2)));
    for (Map.Entry<String, String> example : EXAMPLES.entrySet()) {
      JsonNode answer = exec(page, "add_script", Map.of("code", example.getKey()));
      assertTrue(answer.path("ok").asBoolean(), example.getKey() + ": " + answer);
      assertEquals(example.getValue(), answer.at("/value/script/code").asString(), example.getKey());
    }
    for (String mentioned : new String[] {"(item 1 nil)", "(repeat 36 (move 10))", "(say Hello)", "(goto [center])",
        "(forever ((move 10) (bounce)))", "(+ : (range 1 10))", "(for i 1 10 (say (get i)))"}) {
      assertTrue(guide.contains(mentioned), "the guide shows " + mentioned);
    }
  }

  @Test
  void anUnknownNameIsRefusedWithTheNearestOnes() {
    Page page = openReadySnap();
    JsonNode answer = exec(page, "add_script", Map.of("code", "(moev 10)"));
    assertEquals("unknown_block", answer.at("/error/code").asString(), answer.toString());
    assertTrue(answer.at("/error/message").asString().contains("move"), answer.toString());
  }
}
