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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One {@code serve} program, two protocol eras: the SDK's 2025-11-25 client ({@code initialize}) and its 2026-07-28
 * client ({@code server/discover}, {@code _meta} on each request) each pair a scripted tab, add a script, run it
 * (with progress) and take a screenshot, and get the same tools and the same results; the tab hears who asked.
 */
class BothErasTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void bothErasPairAddRunAndScreenshotWithTheSameToolsAndResults() throws Exception {
    Map<String, Object> legacy = scenario(EraClient::legacy);
    Map<String, Object> modern = scenario(EraClient::modern);
    assertEquals(legacy.get("tools"), modern.get("tools"), "the same tools, in the same order");
    for (String step : List.of("snap_pair", "snap_add_script", "snap_run", "snap_screenshot")) {
      assertEquals(legacy.get(step), modern.get(step), step + ": the same result, up to ids and ports");
    }
  }

  /** Runs the flow with one era's client; returns the tool list and each step's result shape. */
  private static Map<String, Object> scenario(BiFunction<TempStateDir, Integer, EraClient> era) throws Exception {
    Map<String, Object> seen = new LinkedHashMap<>();
    try (TempStateDir state = TempStateDir.create();
        EraClient client = era.apply(state, ServeProcessTest.freePort())) {
      seen.put("tools", client.toolNames());
      assertEquals(18, client.toolNames().size(), client.era());

      EraClient.Answer pair = client.call("snap_pair", Map.of());
      assertFalse(pair.isError(), client.era() + ": " + pair.structured());
      assertEquals(Json.mapper().readTree(pair.text()), pair.structured(), "text content = structured content");
      seen.put("snap_pair", shape(pair));
      try (ScriptedTab tab = ScriptedTab.pair(pair.structured().path("code").asString())) {
        await().atMost(WAIT).until(() -> !client.call("snap_get_project", Map.of()).isError());

        EraClient.Answer added = client.call("snap_add_script", Map.of("code", "(receiveGo) (sayFor \"Hello!\" 2)"));
        assertFalse(added.isError(), client.era() + ": " + added.structured());
        seen.put("snap_add_script", shape(added));

        List<Double> progress = new CopyOnWriteArrayList<>();
        EraClient.Answer run = client.call("snap_run", Map.of("timeoutSeconds", 5), progress::add);
        assertFalse(run.isError(), client.era() + ": " + run.structured());
        assertEquals("Hello!", run.structured().path("said").path(0).path("text").asString());
        // A notification may be handed to its listener just after the answer it preceded on the wire.
        await().atMost(WAIT).untilAsserted(() ->
            assertFalse(progress.isEmpty(), client.era() + ": progress while the run was pending"));
        seen.put("snap_run", shape(run));

        EraClient.Answer picture = client.call("snap_screenshot", Map.of());
        assertFalse(picture.isError(), client.era() + ": " + picture.structured());
        assertEquals(List.of("image", "text"), picture.contentTypes());
        seen.put("snap_screenshot", shape(picture));

        List<String> ops = tab.ops();
        assertTrue(ops.containsAll(List.of("add_script", "run", "screenshot")), client.era() + ": " + ops);
        // Each era names its client its own way (initialize; each request's _meta): the tab hears the same.
        JsonNode meta = tab.meta("add_script");
        assertEquals("snap_add_script", meta.path("tool").asString(), client.era() + ": " + meta);
        assertTrue(meta.path("client").asString().startsWith("snap-mcp-test 1 (pid "), client.era() + ": " + meta);
      }
    }
    return seen;
  }

  /** What a result says, without what differs between two runs (ids, codes, ports, times). */
  private static Map<String, Object> shape(EraClient.Answer answer) {
    return Map.of("isError", answer.isError(), "contentTypes", answer.contentTypes(),
        "fields", fields(answer.structured(), ""));
  }

  private static TreeSet<String> fields(JsonNode node, String prefix) {
    TreeSet<String> names = new TreeSet<>();
    if (node.isObject()) {
      for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
        String name = it.next();
        names.add(prefix + name);
        names.addAll(fields(node.get(name), prefix + name + "."));
      }
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.addAll(fields(item, prefix + "[].")));
      names.addAll(items);
    }
    return names;
  }
}
