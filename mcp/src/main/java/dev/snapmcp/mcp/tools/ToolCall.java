package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of a tool: its name, its arguments, read with checks, who made it (the MCP client's {@code clientInfo}),
 * and a way to report progress to the client.
 */
final class ToolCall {

  private static final Logger LOG = LoggerFactory.getLogger(ToolCall.class);

  private final McpSyncServerExchange exchange;
  private final String tool;
  private final Map<String, Object> arguments;
  private final Object progressToken;
  private double progressSent = -1;

  ToolCall(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    this.exchange = exchange;
    this.tool = request.name();
    this.arguments = request.arguments() == null ? Map.of() : request.arguments();
    this.progressToken = request.meta() == null ? null : request.meta().get("progressToken");
  }

  /** The tool's name, e.g. {@code snap_add_script}. */
  String tool() {
    return tool;
  }

  /** The MCP client's {@code clientInfo} from its initialize (null when unknown). */
  McpSchema.Implementation client() {
    try {
      return exchange == null ? null : exchange.getClientInfo();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether the client asked for progress notifications. */
  boolean wantsProgress() {
    return progressToken != null && exchange != null;
  }

  /** The session the caller named, or null. */
  String session() {
    return optionalString("session");
  }

  String requiredString(String name) {
    String value = optionalString(name);
    if (value == null || value.isBlank()) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument '" + name + "' is required.", null);
    }
    return value;
  }

  String optionalString(String name) {
    Object value = arguments.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument '" + name + "' must be a string.", null);
    }
    return text;
  }

  Integer optionalInt(String name) {
    Object value = arguments.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument '" + name + "' must be a whole number.", null);
    }
    return number.intValue();
  }

  Double optionalNumber(String name) {
    Object value = arguments.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument '" + name + "' must be a number.", null);
    }
    return number.doubleValue();
  }

  boolean flag(String name, boolean fallback) {
    Object value = arguments.get(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean bool)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument '" + name + "' must be true or false.", null);
    }
    return bool;
  }

  boolean has(String name) {
    return arguments.get(name) != null;
  }

  Object raw(String name) {
    return arguments.get(name);
  }

  List<?> optionalList(String name) {
    Object value = arguments.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "The argument '" + name + "' must be an array.", null);
    }
    return list;
  }

  /** Copies the named arguments that are present, for a browser op's {@code args}. */
  Map<String, Object> pick(String... names) {
    Map<String, Object> picked = new HashMap<>();
    for (String name : names) {
      if (arguments.get(name) != null) {
        picked.put(name, arguments.get(name));
      }
    }
    return picked;
  }

  /**
   * Tells the client how far a long call has come, if it asked for progress. The value sent always grows (MCP asks
   * for that), whoever reports: a value not above the last one becomes the last one plus one.
   */
  synchronized void progress(double done, Double total, String message) {
    if (!wantsProgress()) {
      return;
    }
    double value = done > progressSent ? done : progressSent + 1;
    progressSent = value;
    Double bound = total != null && total >= value ? total : null;
    try {
      exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, value, bound, message));
    } catch (RuntimeException e) {
      LOG.debug("could not send a progress notification: {}", e.getMessage());
    }
  }
}
