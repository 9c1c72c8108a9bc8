package dev.snapmcp.mcp.setup;

import dev.snapmcp.mcp.setup.TomlText.Kind;
import dev.snapmcp.mcp.setup.TomlText.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Codex's {@code config.toml}. Jackson's TOML parser validates it and reads the "snap" table; the edit is textual: a
 * {@code [mcp_servers.snap]} table appended at the end, or that table's lines (and its sub-tables) replaced, with
 * every other byte, comments included, as it was.
 */
final class TomlDocument implements ConfigDocument {

  private static final TomlMapper MAPPER = new TomlMapper();
  private static final List<String> SNAP = List.of("mcp_servers", ServerEntry.NAME);

  private final Path file;
  private final String text;
  private final String nl;
  private final JsonNode existing;
  private final List<Statement> statements;

  private TomlDocument(Path file, String text, JsonNode existing) {
    this.file = file;
    this.text = text;
    this.nl = text.contains("\r\n") ? "\r\n" : "\n";
    this.existing = existing;
    this.statements = TomlText.statements(text);
  }

  static TomlDocument parse(Client client, Path file, String text) {
    JsonNode tree;
    try {
      tree = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
    } catch (JacksonException e) {
      String line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
          : " (line " + e.getLocation().getLineNr() + ")";
      throw new SetupException(file + " is not valid TOML" + line + ": "
          + e.getOriginalMessage().lines().findFirst().orElse("") + ". Fix it (or move it away) and run setup again.");
    }
    JsonNode servers = tree.get(client.serversKey);
    if (servers != null && !servers.isObject()) {
      throw new SetupException(file + ": \"" + client.serversKey + "\" is not a table, so no server can be added to "
          + "it. Fix it and run setup again.");
    }
    return new TomlDocument(file, text, servers == null ? null : servers.get(ServerEntry.NAME));
  }

  @Override
  public JsonNode existing() {
    return existing;
  }

  @Override
  public String add(ObjectNode entry) {
    String separator = text.isEmpty() || text.endsWith(nl + nl) ? "" : text.endsWith(nl) ? nl : nl + nl;
    return text + separator + table(entry);
  }

  @Override
  public String update(ObjectNode entry, Map<String, JsonNode> fixes) {
    int header = header(entry);
    int end = header + 1;
    while (end < statements.size() && !isHeader(statements.get(end))) {
      end++;
    }
    List<Statement> own = statements.subList(header, end); // the header and the table's own lines
    Statement lastKey = own.stream().filter(st -> st.kind() == Kind.KEY_VALUE).reduce((a, b) -> b).orElse(own.get(0));
    List<TextEdit> edits = new ArrayList<>();
    StringBuilder missing = new StringBuilder();
    fixes.forEach((key, value) -> {
      Statement found = own.stream().filter(st -> st.kind() == Kind.KEY_VALUE && st.path().equals(List.of(key)))
          .reduce((a, b) -> b).orElse(null);
      if (found == null) {
        missing.append(key).append(" = ").append(value(value)).append(nl);
      } else {
        edits.add(new TextEdit(found.valueStart(), found.valueEnd(), value(value)));
      }
    });
    if (missing.length() > 0) {
      edits.add(TextEdit.insert(lastKey.end(), (endsLine(lastKey) ? "" : nl) + missing));
    }
    return TextEdit.apply(text, edits);
  }

  @Override
  public String replace(ObjectNode entry) {
    int header = header(entry);
    int last = header;
    for (int s = header + 1; s < statements.size(); s++) {
      Statement st = statements.get(s);
      if (isHeader(st) && !(st.path().size() > SNAP.size() && st.path().subList(0, SNAP.size()).equals(SNAP))) {
        break; // the next table that is not one of snap's own sub-tables
      }
      if (st.kind() != Kind.BLANK_OR_COMMENT) {
        last = s; // blank lines and comments before the next table belong to what follows
      }
    }
    Statement end = statements.get(last);
    String table = table(entry);
    if (!endsLine(end)) {
      table = table.substring(0, table.length() - nl.length()); // the file ended without a line break: so it stays
    }
    return TextEdit.apply(text, List.of(new TextEdit(statements.get(header).start(), end.end(), table)));
  }

  /** The index of the {@code [mcp_servers.snap]} header; setup edits no other form of the entry. */
  private int header(ObjectNode entry) {
    for (int s = 0; s < statements.size(); s++) {
      if (statements.get(s).kind() == Kind.TABLE && statements.get(s).path().equals(SNAP)) {
        return s;
      }
    }
    throw new SetupException(file + " defines \"" + ServerEntry.NAME + "\" inline or with dotted keys, which setup "
        + "does not edit; change that entry by hand to:" + System.lineSeparator() + table(entry));
  }

  private static boolean isHeader(Statement st) {
    return st.kind() == Kind.TABLE || st.kind() == Kind.ARRAY_TABLE;
  }

  /** {@code [mcp_servers.snap]} and one line per field. */
  private String table(ObjectNode entry) {
    StringBuilder b = new StringBuilder("[mcp_servers.").append(ServerEntry.NAME).append(']').append(nl);
    for (Map.Entry<String, JsonNode> field : entry.properties()) {
      b.append(field.getKey()).append(" = ").append(value(field.getValue())).append(nl);
    }
    return b.toString();
  }

  private boolean endsLine(Statement st) {
    return text.substring(st.start(), st.end()).endsWith("\n");
  }

  private static String value(JsonNode v) {
    if (v.isString()) {
      return TomlText.quote(v.stringValue());
    }
    List<String> parts = new ArrayList<>();
    v.forEach(item -> parts.add(TomlText.quote(item.stringValue())));
    return "[" + String.join(", ", parts) + "]";
  }
}
