package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

/** {@code snap_run}: the green flag, a broadcast or one script, watched until it stops or a timeout. */
final class RunTool extends SnapTool {

  private static final int DEFAULT_TIMEOUT_SECONDS = 10;
  /** Time beyond the run's own timeout for the browser to report back. */
  private static final Duration REPORT_MARGIN = Duration.ofSeconds(5);

  RunTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_run", "Run the program",
        "Runs the green flag (default), a broadcast or one script until its scripts stop or timeoutSeconds pass "
            + "(then they go on: snap_stop). Returns what sprites said, changed variables and runtime errors.",
        Hints.ADD,
        Schemas.input(true, """
            "mode": {"type": "string", "enum": ["green_flag", "broadcast", "script"], "description": "Default \
            green_flag."},
            "message": {"type": "string", "description": "mode broadcast."},
            "sprite": {"type": "string", "description": "mode script."},
            "id": {"type": "string", "description": "mode script."},
            "timeoutSeconds": {"type": "integer", "minimum": 1, "maximum": 300, "description": "Default 10."},
            "trace": {"type": "object", "additionalProperties": false, "properties": {"everyMs": {"type": \
            "integer", "minimum": 20, "maximum": 10000}, "frames": {"type": "integer", "minimum": 1, "maximum": 24}}, \
            "description": "Samples variables and the stage: a filmstrip PNG."}"""),
        Schemas.output("""
            "finished": {"type": "boolean", "description": "false: still running when the timeout came."},
            "elapsedMs": {"type": "number"},
            "said": {"type": "array", "items": {"type": "object", "properties": {"sprite": {"type": "string"},
              "text": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "array"}, {"type": "object"}, {"type": "null"}]}, "kind": {"type": "string"}}}},
            "variables": {"type": "object"},
            "trace": {"type": "object"},
            "errors": {"type": "array", "items": {"type": "object", "properties": {"message": {"type": "string"},
              "sprite": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "scriptId": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}},
            """ + Schemas.CHANGE));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    String mode = call.optionalString("mode") == null ? "green_flag" : call.optionalString("mode");
    Integer seconds = call.optionalInt("timeoutSeconds");
    int timeoutSeconds = seconds == null ? DEFAULT_TIMEOUT_SECONDS : seconds;
    if (timeoutSeconds < 1 || timeoutSeconds > 300) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "timeoutSeconds must be between 1 and 300.", null);
    }
    if ("broadcast".equals(mode)) {
      call.requiredString("message");
    } else if ("script".equals(mode)) {
      call.requiredString("sprite");
      call.requiredString("id");
    } else if (!"green_flag".equals(mode)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "mode must be green_flag, broadcast or script.", null);
    }
    Map<String, Object> args = call.pick("message", "sprite", "id", "trace");
    if (args.containsKey("trace") && !(args.get("trace") instanceof Map<?, ?>)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "trace is an object: {\"everyMs\": 250, \"frames\": 8}.", null);
    }
    args.put("mode", mode);
    args.put("timeoutMs", timeoutSeconds * 1000L);
    Duration timeout = Duration.ofSeconds(timeoutSeconds).plus(REPORT_MARGIN);

    SnapTabs.Target target = tabs.target(call);
    call.progress(0, (double) timeoutSeconds, "Running (" + mode + ")");
    try {
      SnapTabs.Answer answer = tabs.run(target.with(target.caller().working(
          elapsed -> "Scripts still running (" + elapsed + " s)", timeoutSeconds)), "run", args, timeout);
      String filmstrip = answer.value().path("filmstripPng").asString(null);
      return filmstrip == null ? changed(answer) : withFilmstrip(answer, filmstrip);
    } catch (ToolError e) {
      boolean interrupted = Thread.interrupted(); // cleared, so the stop can still be sent
      if (!interrupted && !call.cancellation().isDone()) {
        throw e;
      }
      ToolError stopped = cancelled(target); // the client cancelled the call: the scripts it started stop with it
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw stopped;
    }
  }

  /** The run's result with its filmstrip as image content (and not as base64 text inside the JSON). */
  private static McpSchema.CallToolResult withFilmstrip(SnapTabs.Answer answer, String png) {
    tools.jackson.databind.node.ObjectNode body = members(answer.value());
    body.remove("filmstripPng");
    if (answer.value().path("undoable").isInt()) {
      body.put("undoCheckpoints", answer.value().path("undoable").intValue());
    }
    return okWithImage(answer.state(), body, png);
  }

  /** Stops the scripts of a run nobody waits for any more (the stop sign), and says so. */
  private ToolError cancelled(SnapTabs.Target target) {
    try {
      tabs.interrupt(target, "stop", Map.of());
    } catch (ToolError e) {
      return new ToolError(ToolErrorCode.CANCELLED, "The run was cancelled, but stopping its scripts failed ("
          + e.getMessage() + "): call snap_stop.", target.state());
    }
    return new ToolError(ToolErrorCode.CANCELLED, "The run was cancelled; its scripts were stopped.", target.state());
  }
}
