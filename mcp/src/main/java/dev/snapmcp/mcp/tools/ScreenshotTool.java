package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap_screenshot}: a PNG of the stage, the scripting area or the whole IDE. */
final class ScreenshotTool extends SnapTool {

  ScreenshotTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_screenshot", "Take a screenshot",
        "To see what the program draws or how scripts look. Returns a PNG of the stage (default), a sprite's "
            + "scripts or the whole IDE.",
        Hints.READ,
        Schemas.input(true, """
            "target": {"type": "string", "enum": ["stage", "scripts", "ide"], "description": "Default stage."},
            "sprite": {"type": "string", "description": "Whose scripts (default: current)."}\
            """),
        Schemas.output("""
            "target": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "mimeType": {"type": "string"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    String target = call.optionalString("target") == null ? "stage" : call.optionalString("target");
    call.optionalString("sprite");
    Map<String, Object> args = call.pick("sprite");
    args.put("target", target);
    SnapTabs.Target tab = tabs.target(call);
    SnapTabs.Answer answer = tabs.run(tab, "screenshot", args, tabs.commandTimeout());
    String png = answer.value().path("png").asString(null);
    if (png != null && png.startsWith("data:")) {
      png = png.substring(png.indexOf(',') + 1);
    }
    if (png == null || png.isEmpty() || !isPng(png)) {
      throw new ToolError(ToolErrorCode.SNAP_ERROR, "Snap! did not return a PNG picture; call snap_status and try again.",
          answer.state());
    }
    ObjectNode body = object();
    body.put("target", answer.value().path("target").asString(target));
    body.put("width", answer.value().path("width").asInt());
    body.put("height", answer.value().path("height").asInt());
    body.put("mimeType", "image/png");
    return okWithImage(answer.state(), body, png);
  }

  private static boolean isPng(String base64) {
    try {
      byte[] head = Base64.getDecoder().decode(base64.substring(0, Math.min(base64.length(), 12)));
      return head.length >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
