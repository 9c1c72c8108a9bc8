package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code snap_explain}: a balloon with the assistant's words next to one block of a script in the student's Snap!, the
 * block outlined, until the student clicks or {@code seconds} pass. Allowed in every teacher's mode. The text is shown
 * as plain text (Snap! draws it on its canvas), capped at {@value #MAX_TEXT} characters.
 */
final class ExplainTool extends SnapTool {

  static final int MAX_TEXT = 500;

  ExplainTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_explain", "Explain a block",
        "A plain-text balloon at a block, outlined, until the student clicks or 'seconds' pass. path: 1-based "
            + "indices into the script's text code: [2] the 2nd block, [2,1,3] the 3rd block in the 2nd's 1st input.",
        new Hints(false, false, true),
        Schemas.input(true, """
            "sprite": {"type": "string"},
            "id": {"type": "string", "description": "Script id, e.g. Sprite#1."},
            "path": {"type": "array", "items": {"type": "integer", "minimum": 1}, "maxItems": 32},
            "text": {"type": "string", "maxLength": 500},
            "seconds": {"type": "integer", "minimum": 1, "maximum": 600, "description": "Default 30."}""",
            "id", "text"),
        Schemas.output("""
            "id": {"type": "string"}, "path": {"type": "array"}, "block": {"type": ["string", "null"]},
            "text": {"type": "string"}, "seconds": {"type": "number"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    call.requiredString("id");
    String text = call.requiredString("text");
    if (text.length() > MAX_TEXT) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "text is " + text.length() + " characters; at most " + MAX_TEXT
          + ": keep an explanation short and plain.", null);
    }
    Integer seconds = call.optionalInt("seconds");
    List<?> path = call.optionalList("path");
    List<Integer> steps = new ArrayList<>();
    if (path != null) {
      for (Object step : path) {
        if (!(step instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1) {
          throw new ToolError(ToolErrorCode.BAD_ARGS, "path holds whole numbers from 1, e.g. [2, 1, 3].", null);
        }
        steps.add(n.intValue());
      }
      if (steps.size() > 32) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, "path is at most 32 steps long.", null);
      }
    }
    Map<String, Object> args = call.pick("sprite", "id", "text");
    args.put("path", steps);
    if (seconds != null) {
      args.put("seconds", seconds);
    }
    return read(call, "explain", args);
  }
}
