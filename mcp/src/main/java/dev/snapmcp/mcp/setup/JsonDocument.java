package dev.snapmcp.mcp.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON (or JSONC) config file. Jackson validates it with the client's own strictness; {@link JsonText} then finds
 * the servers object and the "snap" member, and edits change those bytes only.
 */
final class JsonDocument implements ConfigDocument {

  private static final Map<Syntax, JsonMapper> MAPPERS = new EnumMap<>(Syntax.class);

  static {
    for (Syntax s : Syntax.values()) {
      JsonMapper.Builder b = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      if (s.comments) {
        b.enable(JsonReadFeature.ALLOW_JAVA_COMMENTS);
      }
      if (s.trailingCommas) {
        b.enable(JsonReadFeature.ALLOW_TRAILING_COMMA);
      }
      MAPPERS.put(s, b.build());
    }
  }

  private final Client client;
  private final JsonText text;
  private final JsonNode existing;
  /** Null for an empty file. */
  private final JsonText.Obj root;
  /** Null when the file has no servers object yet. */
  private final JsonText.Obj servers;
  /** Null when the servers object has no "snap". */
  private final JsonText.Member snap;

  private JsonDocument(Client client, String text, JsonNode existing) {
    this.client = client;
    this.text = new JsonText(text);
    this.existing = existing;
    this.root = text.isBlank() ? null : this.text.object(0);
    JsonText.Member serversMember = root == null ? null : root.last(client.serversKey);
    this.servers = serversMember == null ? null : this.text.object(serversMember.valueStart());
    this.snap = servers == null ? null : servers.last(ServerEntry.NAME);
  }

  static JsonDocument parse(Client client, Path file, String text) {
    if (text.isBlank()) {
      return new JsonDocument(client, text, null);
    }
    JsonNode tree;
    try {
      tree = MAPPERS.get(client.syntax).readTree(text);
    } catch (JacksonException e) {
      throw new SetupException(file + " is not valid " + what(client.syntax) + where(e) + ": " + reason(e, client, text)
          + ". Fix it (or move it away) and run setup again.");
    }
    if (!tree.isObject()) {
      throw new SetupException(file + " holds no JSON object at the top level; " + client.displayName()
          + " expects one. Fix it (or move it away) and run setup again.");
    }
    JsonNode servers = tree.get(client.serversKey);
    if (servers != null && !servers.isObject()) {
      throw new SetupException(file + ": \"" + client.serversKey + "\" is not an object, so no server can be added "
          + "to it. Fix it and run setup again.");
    }
    return new JsonDocument(client, text, servers == null ? null : servers.get(ServerEntry.NAME));
  }

  @Override
  public JsonNode existing() {
    return existing;
  }

  @Override
  public String add(ObjectNode entry) {
    ObjectNode servers = entry.objectNode();
    servers.set(ServerEntry.NAME, entry);
    if (root == null) {
      return JsonText.fresh(client.serversKey, servers);
    }
    if (this.servers == null) {
      return edit(List.of(text.insert(root, Map.of(client.serversKey, servers))));
    }
    return edit(List.of(text.insert(this.servers, Map.of(ServerEntry.NAME, entry))));
  }

  @Override
  public String update(ObjectNode wanted, Map<String, JsonNode> fields) {
    JsonText.Obj entry = text.object(snap.valueStart());
    List<TextEdit> edits = new ArrayList<>();
    Map<String, JsonNode> missing = new LinkedHashMap<>();
    fields.forEach((key, value) -> {
      JsonText.Member m = entry.last(key);
      if (m == null) {
        missing.put(key, value);
      } else {
        edits.add(text.replaceValue(m, value));
      }
    });
    if (!missing.isEmpty()) {
      edits.add(text.insert(entry, missing));
    }
    return edit(edits);
  }

  @Override
  public String replace(ObjectNode entry) {
    return edit(List.of(text.replaceValue(snap, entry)));
  }

  private String edit(List<TextEdit> edits) {
    return TextEdit.apply(text.text(), edits);
  }

  private static String what(Syntax syntax) {
    return switch (syntax) {
      case JSONC -> "JSON with comments";
      case JSON_WITH_COMMENTS -> "JSON (comments allowed)";
      default -> "JSON";
    };
  }

  /** Jackson's words, except where they name its own switches: then what the client allows. */
  private static String reason(JacksonException e, Client client, String text) {
    String m = e.getOriginalMessage().lines().findFirst().orElse("");
    if (m.contains("ALLOW_COMMENTS")) {
      return "a comment, which " + client.displayName() + " does not allow in this file (it reads plain JSON)";
    }
    if (!client.syntax.trailingCommas && afterComma(e, text)) {
      return "a comma before a closing bracket, which " + client.displayName() + " does not allow";
    }
    return m;
  }

  /** The error is at a closing bracket right after a comma (whitespace between): a trailing comma. */
  private static boolean afterComma(JacksonException e, String text) {
    TokenStreamLocation at = e.getLocation();
    long offset = at == null ? -1 : at.getCharOffset();
    for (long k = offset - 1; k <= offset && k >= 0 && k < text.length(); k++) { // the offset may be just past it
      if (text.charAt((int) k) == '}' || text.charAt((int) k) == ']') {
        int j = (int) k - 1;
        while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
          j--;
        }
        return j >= 0 && text.charAt(j) == ',';
      }
    }
    return false;
  }

  private static String where(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
