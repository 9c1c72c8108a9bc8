package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What may come in on stdio: reads the client's lines (bounded in length) and checks each one before anything else
 * sees it. A line that is not a JSON-RPC message MCP allows is answered here with the JSON-RPC error (parse error,
 * invalid request, invalid params) and goes no further, so no line a client writes can stop the server.
 */
final class StdioGuard {

  /** Longer lines are refused (and skipped to their end) instead of being buffered without bound. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  /** What {@link #readLine} returns for a line over {@link #MAX_LINE_BYTES}. */
  static final String TOO_LONG = new String("\u0000too long");

  private StdioGuard() {}

  /** A line checked: the message it holds, or the error line to answer it with. */
  record Checked(ObjectNode message, String error) {}

  /** The error to answer {@code line} with, or null when the line is a JSON-RPC message MCP allows. */
  static String errorFor(String line) {
    return check(line).error();
  }

  /** Parses and checks one line. */
  static Checked check(String line) {
    JsonNode parsed;
    try {
      parsed = Json.mapper().readTree(line);
    } catch (JacksonException e) {
      return refused(null, -32700, "Parse error: the line is not JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (parsed == null || !parsed.isObject()) {
      return refused(null, -32600, "Invalid Request: each line must hold one JSON-RPC message object");
    }
    ObjectNode message = (ObjectNode) parsed;
    JsonNode id = message.get("id");
    boolean isResponse = message.has("result") || message.has("error");
    if (id != null && !isValidId(id) && !(isResponse && id.isNull())) {
      return refused(null, -32600, "Invalid Request: 'id' must be a string or an integer (MCP allows no null id)");
    }
    if (!"2.0".equals(message.path("jsonrpc").asString(null))) {
      return refused(id, -32600, "Invalid Request: 'jsonrpc' must be \"2.0\"");
    }
    JsonNode method = message.get("method");
    if (method == null && !(isResponse && id != null)) {
      return refused(id, -32600, "Invalid Request: a message needs a 'method' (or is a response with 'result')");
    }
    if (method != null && !method.isString()) {
      return refused(id, -32600, "Invalid Request: 'method' must be a string");
    }
    JsonNode params = message.get("params");
    if (method != null && params != null && !params.isObject()) {
      return refused(id, -32602, "Invalid params: 'params' must be an object");
    }
    return new Checked(message, null);
  }

  /** A string, or an integer a {@code long} holds. */
  static boolean isValidId(JsonNode id) {
    return id.isString() || id.isIntegralNumber() && id.canConvertToLong();
  }

  /** The JSON-RPC error answer to a request with {@code id} (null when it has none or it is unusable). */
  static String error(JsonNode id, int code, String text) {
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("jsonrpc", "2.0");
    if (id == null || !isValidId(id)) {
      answer.putNull("id");
    } else {
      answer.set("id", id);
    }
    ObjectNode error = answer.putObject("error");
    error.put("code", code);
    error.put("message", text);
    return answer.toString();
  }

  /**
   * The next line of {@code in} without its line end (and without a final carriage return), null at the end of input,
   * or {@link #TOO_LONG} for a line over the limit (read to its end and dropped).
   */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (line.size() < MAX_LINE_BYTES) {
        line.write(b);
      } else {
        tooLong = true;
      }
    }
    if (b < 0 && line.size() == 0) {
      return null;
    }
    return tooLong ? TOO_LONG : line.toString(StandardCharsets.UTF_8);
  }

  private static Checked refused(JsonNode id, int code, String text) {
    return new Checked(null, error(id, code, text));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
