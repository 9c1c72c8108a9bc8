package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.snapmcp.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class StdioGuardTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "not json at all                                   | -32700",
    "{\"jsonrpc\":\"2.0\",\"id\":1,                      | -32700",
    "[1,2,3]                                           | -32600",
    "42                                                | -32600",
    "{\"id\":1,\"method\":\"ping\"}                    | -32600",
    "{\"jsonrpc\":\"2.0\",\"id\":7}                    | -32600",
    "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"} | -32600",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}       | -32600",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]} | -32602",
  })
  void malformedLinesGetTheJsonRpcError(String line, int code) {
    JsonNode answer = Json.mapper().readTree(StdioGuard.errorFor(line));
    assertEquals("2.0", answer.path("jsonrpc").asString());
    assertEquals(code, answer.path("error").path("code").asInt());
  }

  @Test
  void anInvalidRequestWithAnIdIsAnsweredWithThatId() {
    JsonNode answer = Json.mapper().readTree(StdioGuard.errorFor("{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"x\"}"));
    assertEquals("a", answer.path("id").asString());
  }

  @Test
  void wellFormedMessagesPass() {
    assertNull(StdioGuard.errorFor("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    assertNull(StdioGuard.errorFor("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    assertNull(StdioGuard.errorFor("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"));
  }

  @Test
  void onlyGoodLinesReachTheSdkAndBadOnesAreAnsweredOnOutput() throws Exception {
    String input = "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\n\nbroken\n   \n{\"jsonrpc\":\"2.0\",\"method\":\"b\"}\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StdioGuard guard = new StdioGuard(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
    String passed = new String(guard.input().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\n{\"jsonrpc\":\"2.0\",\"method\":\"b\"}\n", passed);
    String[] answers = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(1, answers.length);
    assertEquals(-32700, Json.mapper().readTree(answers[0]).path("error").path("code").asInt());
    assertEquals(true, guard.endOfInput().isDone());
  }

  @Test
  void outputReachesTheTargetOneWholeLineAtATime() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StdioGuard guard = new StdioGuard(new ByteArrayInputStream(new byte[0]), out);
    guard.output().write("{\"a\":".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, out.size(), "half a line is held back");
    guard.output().write("1}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"a\":1}\n", out.toString(StandardCharsets.UTF_8));
  }
}
