package dev.snapmcp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.mcp.tools.ScriptedTab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Resources, resource templates and prompts of a real {@code serve}, in each protocol era over raw JSON-RPC lines:
 * listed, read and got; the project resource before and after a (scripted) tab pairs; and snap_find_blocks answering
 * from the shipped catalogue while no tab is connected.
 */
class ResourcesAndPromptsTest {

  @ParameterizedTest(name = "modern era: {0}")
  @ValueSource(booleans = {false, true})
  void resourcesAndPromptsAreListedAndReadable(boolean modern) throws Exception {
    try (TempStateDir state = TempStateDir.create(); RawServe serve = RawServe.start(state, modern)) {
      String era = serve.era();
      JsonNode resources = result(serve.request("resources/list", Map.of()), era);
      assertEquals(List.of("snap://guide/text-code", "snap://catalogue/blocks"), values(resources, "resources", "uri"));
      JsonNode templates = result(serve.request("resources/templates/list", Map.of()), era);
      assertEquals(List.of("snap://session/{session}/project"), values(templates, "resourceTemplates", "uriTemplate"));
      JsonNode prompts = result(serve.request("prompts/list", Map.of()), era);
      // the legacy SDK server keeps prompts by name (its own order); the 2026-07-28 one lists them as given
      assertEquals(java.util.Set.of("explain_project", "find_bug", "build_step_by_step"),
          java.util.Set.copyOf(values(prompts, "prompts", "name")));

      JsonNode guide = result(serve.request("resources/read", Map.of("uri", "snap://guide/text-code")), era);
      assertEquals("text/markdown", guide.at("/contents/0/mimeType").asString());
      assertTrue(guide.at("/contents/0/text").asString().contains("(item 1 nil)"), era + ": the bare-word mistake");

      JsonNode blocks = result(serve.request("resources/read", Map.of("uri", "snap://catalogue/blocks")), era);
      JsonNode catalogue = Json.mapper().readTree(blocks.at("/contents/0/text").asString());
      assertTrue(catalogue.path("blocks").size() > 100, era + ": " + catalogue.path("blocks").size() + " blocks");

      JsonNode noTab = serve.request("resources/read", Map.of("uri", "snap://session/current/project"));
      assertEquals(-32002, noTab.at("/error/code").asInt(), noTab.toString());
      assertTrue(noTab.at("/error/message").asString().contains("snap_pair"), noTab.toString());
      JsonNode unknown = serve.request("resources/read", Map.of("uri", "snap://nothing"));
      assertEquals(-32002, unknown.at("/error/code").asInt(), unknown.toString());

      JsonNode built = result(serve.request("prompts/get", Map.of("name", "build_step_by_step",
          "arguments", Map.of("goal", "a maze game"))), era);
      assertEquals("user", built.at("/messages/0/role").asString());
      assertTrue(built.at("/messages/0/content/text").asString().contains("a maze game"), built.toString());
      JsonNode explained = result(serve.request("prompts/get", Map.of("name", "explain_project")), era);
      assertTrue(explained.at("/messages/0/content/text").asString().contains("snap_get_project"));
      JsonNode missing = serve.request("prompts/get", Map.of("name", "build_step_by_step", "arguments", Map.of()));
      assertEquals(-32602, missing.at("/error/code").asInt(), missing.toString());
      assertTrue(missing.at("/error/message").asString().contains("goal"), missing.toString());

      JsonNode found = result(serve.request("tools/call", Map.of("name", "snap_find_blocks",
          "arguments", Map.of("query", "move steps", "limit", 3))), era);
      assertFalse(found.path("isError").asBoolean(), found.toString());
      JsonNode structured = found.path("structuredContent");
      assertTrue(structured.path("offline").asString().contains("may differ"), structured.toString());
      assertTrue(structured.path("blocks").size() > 0 && structured.path("blocks").size() <= 3, structured.toString());
      assertEquals("move", structured.at("/blocks/0/selector").asString(), structured.toString());
      assertEquals("forward", structured.at("/blocks/0/aka").asString(), structured.toString());
      assertFalse(structured.path("state").path("connected").asBoolean(true));

      JsonNode paired = result(serve.request("tools/call", Map.of("name", "snap_pair", "arguments", Map.of())), era);
      String session = paired.at("/structuredContent/session").asString();
      try (ScriptedTab tab = ScriptedTab.pair(paired.at("/structuredContent/code").asString())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !serve.request("tools/call",
            Map.of("name", "snap_get_project", "arguments", Map.of())).at("/result/isError").asBoolean());
        result(serve.request("tools/call", Map.of("name", "snap_add_script",
            "arguments", Map.of("code", "(receiveGo) (forward 10)"))), era);
        for (String uri : List.of("snap://session/" + session + "/project", "snap://session/current/project")) {
          JsonNode project = result(serve.request("resources/read", Map.of("uri", uri)), era);
          String text = project.at("/contents/0/text").asString();
          assertEquals("text/plain", project.at("/contents/0/mimeType").asString());
          assertTrue(text.contains("; script Sprite#1") && text.contains("(receiveGo) (forward 10)"), text);
        }
        JsonNode live = result(serve.request("tools/call", Map.of("name", "snap_find_blocks",
            "arguments", Map.of("query", "move"))), era);
        assertTrue(live.path("structuredContent").path("offline").isMissingNode(), "a tab answers: " + live);
        assertTrue(tab.ops().contains("find_blocks"), tab.ops().toString());
      }
    }
  }

  private static JsonNode result(JsonNode answer, String era) {
    assertTrue(answer.has("result"), era + ": " + answer);
    return answer.path("result");
  }

  private static List<String> values(JsonNode result, String list, String member) {
    List<String> values = new ArrayList<>();
    result.path(list).forEach(item -> values.add(item.path(member).asString()));
    return values;
  }
}
