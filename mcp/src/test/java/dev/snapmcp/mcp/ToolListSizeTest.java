package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The tool list costs every conversation context: {@code tools/list} of a real {@code serve}, as compact JSON, in both
 * protocol eras, is printed and held to at most {@value #MAX_AVERAGE_BYTES} bytes a tool on average, whatever tools the
 * catalogue has (and to {@value #MAX_TOTAL_BYTES} bytes in all while it has no more than 17). Both eras list the same
 * tools in the same order.
 */
class ToolListSizeTest {

  static final int MAX_AVERAGE_BYTES = 700;
  static final int MAX_TOTAL_BYTES = 12_000;

  @Test
  void toolsListIsLeanInBothErasAndInAFixedOrder() throws Exception {
    List<JsonNode> answers = exchange(List.of(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"size\",\"version\":\"1\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
            + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}"), 3);
    JsonNode legacy = answer(answers, 2);
    JsonNode modern = answer(answers, 3);
    assertEquals(names(legacy), names(modern), "the same tools in the same order");
    assertEquals(names(legacy), names(answer(exchange(List.of(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"size\",\"version\":\"1\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), 2), 2)), "the order is fixed");
    for (JsonNode answer : List.of(legacy, modern)) {
      String era = answer == legacy ? "2025-11-25" : "2026-07-28";
      int tools = answer.path("result").path("tools").size();
      int bytes = Json.mapper().writeValueAsString(answer.path("result")).getBytes(StandardCharsets.UTF_8).length;
      System.out.printf("tools/list (%s): %,d bytes of compact JSON for %d tools, %d bytes a tool%n", era, bytes,
          tools, bytes / tools);
      StringBuilder each = new StringBuilder();
      answer.path("result").path("tools").forEach(tool -> each.append(' ').append(tool.path("name").asString())
          .append('=').append(Json.mapper().writeValueAsString(tool).getBytes(StandardCharsets.UTF_8).length));
      System.out.printf("tools/list (%s), bytes a tool:%s%n", era, each);
      assertTrue(bytes <= (long) MAX_AVERAGE_BYTES * tools, era + ": " + bytes + " bytes for " + tools
          + " tools is more than " + MAX_AVERAGE_BYTES + " a tool: shorten descriptions, or list no output schema"
          + " (SnapToolCatalog.OUTPUT_SCHEMAS)");
      if (tools <= 17) {
        assertTrue(bytes <= MAX_TOTAL_BYTES, era + ": " + bytes + " bytes");
      }
    }
  }

  static JsonNode answer(List<JsonNode> answers, int id) {
    return answers.stream().filter(a -> a.path("id").asInt() == id).findFirst().orElseThrow();
  }

  private static List<String> names(JsonNode answer) {
    List<String> names = new ArrayList<>();
    answer.path("result").path("tools").forEach(tool -> names.add(tool.path("name").asString()));
    return names;
  }

  /** Sends {@code lines} to a new {@code serve}, closes its input and returns the first {@code answers} answers. */
  static List<JsonNode> exchange(List<String> lines, int answers) throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      List<String> command = new ArrayList<>();
      command.add(ChildJvm.javaExecutable());
      command.addAll(ServeProcessTest.serveCommand(state, ServeProcessTest.freePort()));
      Process serve = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        try (OutputStream in = serve.getOutputStream()) {
          in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<JsonNode> read = new ArrayList<>();
        try (BufferedReader out =
            new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; read.size() < answers && (line = out.readLine()) != null; ) {
            read.add(Json.mapper().readTree(line));
          }
        }
        assertEquals(answers, read.size(), "answers from serve");
        return read;
      } finally {
        serve.destroy();
        serve.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
