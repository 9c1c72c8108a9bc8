package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of a tool, whichever protocol era it came in: the tool's name, its arguments, read with checks, who made it
 * (the MCP client's {@code clientInfo}), a way to report progress to the client, and the client's cancellation.
 */
final class ToolCall {

  private static final Logger LOG = LoggerFactory.getLogger(ToolCall.class);

  private final String tool;
  private final Map<String, Object> arguments;
  private final CallContext context;
  /** The last progress value sent: the spec wants each one larger than the one before. */
  private double lastProgress = Double.NEGATIVE_INFINITY;

  ToolCall(String tool, Map<String, Object> arguments, CallContext context) {
    this.tool = tool;
    this.arguments = arguments == null ? Map.of() : arguments;
    this.context = context == null ? CallContext.NONE : context;
  }

  /** The tool's name, e.g. {@code snap_add_script}. */
  String tool() {
    return tool;
  }

  /** The MCP client's {@code clientInfo}, as the transport knows it (null when unknown). */
  McpSchema.Implementation client() {
    try {
      return context.client();
    } catch (RuntimeException e) {
      return null;
    }
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
   * Tells the client how far a long call has come, if it asked for progress. A value not above the last one sent is
   * raised just above it, so progress only ever grows.
   */
  synchronized void progress(double done, Double total, String message) {
    double value = done > lastProgress ? done : Math.nextUp(Math.max(lastProgress, 0));
    lastProgress = value;
    try {
      context.progress(value, total, message);
    } catch (RuntimeException e) {
      LOG.debug("could not send a progress notification: {}", e.getMessage());
    }
  }

  /**
   * Progress for a wait of unknown length inside a call (the hook for waiting while a tab reconnects): one step past
   * the last value, no total, with {@code message}.
   */
  synchronized void stillWaiting(String message) {
    progress(Math.max(lastProgress, 0) + 1, null, message);
  }

  /** Completes when the client cancels this call. */
  CompletableFuture<Void> cancellation() {
    return context.cancellation();
  }
}
