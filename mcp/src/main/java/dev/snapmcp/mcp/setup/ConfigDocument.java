package dev.snapmcp.mcp.setup;

import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client's config file, parsed (so invalid files are refused) and located (so edits touch only the "snap" entry).
 * Each method returns the whole new text; the document itself never changes.
 */
interface ConfigDocument {

  /** {@code text} of {@code file} in {@code client}'s format; {@link SetupException} when it is not valid. */
  static ConfigDocument parse(Client client, Path file, String text) {
    return client.syntax == Syntax.TOML ? TomlDocument.parse(client, file, text)
        : JsonDocument.parse(client, file, text);
  }

  /** The "snap" entry as a tree (TOML tables become objects), or null when there is none. */
  JsonNode existing();

  /** The text with {@code entry} added as "snap"; only when there is none. */
  String add(ObjectNode entry);

  /**
   * The text with {@code fixes}, fields of {@code entry}, set in the existing "snap" entry (replaced or added); the
   * rest of that entry stays.
   */
  String update(ObjectNode entry, Map<String, JsonNode> fixes);

  /** The text with the existing "snap" entry replaced by {@code entry} as a whole. */
  String replace(ObjectNode entry);
}
