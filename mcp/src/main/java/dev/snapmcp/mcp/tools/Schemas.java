package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/** JSON Schemas of the tools, written as JSON text so they read like what a client sees. */
final class Schemas {

  /**
   * The optional {@code session} argument of every browser tool: what it is for is said once, in the server's
   * instructions (and by the error that asks for it), not in every tool.
   */
  static final String SESSION =
      """
      "session": {"type": "string"}""";

  private static final String STATE =
      """
      {"type": "object", "description": "The connection this result concerns.",
       "properties": {
         "session": {"anyOf": [{"type": "string"}, {"type": "null"}]},
         "connected": {"type": "boolean", "description": "A Snap! tab is connected to the session."},
         "ready": {"type": "boolean", "description": "Snap! has loaded and accepts commands."},
         "project": {"anyOf": [{"type": "string"}, {"type": "null"}]},
         "snap": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "Snap!'s version."}},
       "required": ["session", "connected", "ready"]}""";

  private static final String PAGE_CONTENT =
      """
      {"type": "string"}"""; // what it means is said once, in the server's instructions

  private static final String ERROR =
      """
      {"type": "object", "description": "Present when isError is true.",
       "properties": {"code": {"type": "string"}, "message": {"type": "string"},
         "details": {"description": "What to act on besides the message, e.g. both versions for changed_by_user."}},
       "required": ["code", "message"]}""";

  /** The members of every change's result: the change as the tab's undo history keeps it, and the history's size. */
  static final String CHANGE =
      """
      "change": {"anyOf": [{"type": "object", "properties": {"entry": {"type": "string"},
        "summary": {"type": "string"}}}, {"type": "null"}],
        "description": "This change as snap_undo would take it back (null: nothing to take back)."},
      "undoCheckpoints": {"type": "integer", "description": "How many changes snap_undo can take back in this tab, \
      whichever client made them."}""";

  /** A script as answers give it: id, text code, revision, place. */
  static final String SCRIPT =
      """
      {"type": "object", "properties": {"id": {"type": "string"}, "code": {"type": "string"},
        "revision": {"type": "string", "description": "Changes whenever the script's blocks change, by anyone; \
      snap_replace_script and snap_delete_script take it."},
        "author": {"enum": ["assistant", "user", "assistant-edited"]},
        "x": {"type": "number"}, "y": {"type": "number"}}}""";

  private Schemas() {}

  /**
   * An input schema: an object with {@code properties} (JSON text of the members, without braces), the {@code
   * session} argument added when {@code withSession}, and no other arguments allowed.
   */
  static Map<String, Object> input(boolean withSession, String properties, String... required) {
    String members = withSession ? (properties.isBlank() ? SESSION : SESSION + ",\n" + properties) : properties;
    ObjectNode schema = parse("{\"type\": \"object\", \"properties\": {" + members + "}}");
    schema.put("additionalProperties", false);
    if (required.length > 0) {
      schema.set("required", Json.mapper().valueToTree(List.of(required)));
    }
    return toMap(schema);
  }

  /** An output schema: {@code state} (always), {@code error} (on errors) and the tool's own members. */
  static Map<String, Object> output(String properties) {
    String members = "\"state\": " + STATE + ",\n\"" + PageText.FIELD + "\": " + PAGE_CONTENT + ",\n\"error\": " + ERROR + (properties.isBlank() ? "" : ",\n" + properties);
    ObjectNode schema = parse("{\"type\": \"object\", \"properties\": {" + members + "}, \"required\": [\"state\"]}");
    return toMap(schema);
  }

  private static ObjectNode parse(String json) {
    return (ObjectNode) Json.mapper().readTree(json);
  }

  private static Map<String, Object> toMap(ObjectNode node) {
    return Json.mapper().convertValue(node, new TypeReference<Map<String, Object>>() {});
  }
}
