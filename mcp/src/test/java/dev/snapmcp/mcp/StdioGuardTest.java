package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import java.io.ByteArrayInputStream;
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

  @ParameterizedTest(name = "id {0}")
  @CsvSource(delimiter = '|', value = {"null", "1.5", "true", "[1]", "{}", "123456789012345678901234567890"})
  void aRequestWithAnIdMcpDoesNotAllowIsAnInvalidRequestWithANullId(String id) {
    JsonNode answer = Json.mapper().readTree(StdioGuard.errorFor("{\"jsonrpc\":\"2.0\",\"id\":" + id
        + ",\"method\":\"ping\"}"));
    assertEquals(-32600, answer.path("error").path("code").asInt());
    assertTrue(answer.path("id").isNull());
  }

  @Test
  void anErrorResponseWithANullIdPasses() {
    assertNull(StdioGuard.errorFor("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}"));
  }

  @Test
  void linesAreReadWithoutTheirEndAndOverlongOnesAreDropped() throws Exception {
    String input = "{\"a\":1}\r\n\nlast";
    ByteArrayInputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"a\":1}\r", StdioGuard.readLine(in));
    assertEquals("", StdioGuard.readLine(in));
    assertEquals("last", StdioGuard.readLine(in));
    assertNull(StdioGuard.readLine(in));

    byte[] big = new byte[StdioGuard.MAX_LINE_BYTES + 10];
    java.util.Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = '\n';
    ByteArrayInputStream huge = new ByteArrayInputStream(big);
    assertSame(StdioGuard.TOO_LONG, StdioGuard.readLine(huge));
    assertNull(StdioGuard.readLine(huge));
  }
}
