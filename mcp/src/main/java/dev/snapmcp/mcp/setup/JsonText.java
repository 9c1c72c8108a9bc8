package dev.snapmcp.mcp.setup;

import dev.snapmcp.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where things are in a JSON text (comments and trailing commas allowed), and how to change one object's members
 * without touching any other byte: the layout, the comments and the order of everything else stay as they were.
 * The text has been validated by Jackson first, so this reader trusts its shape.
 */
final class JsonText {

  /** One {@code "key": value} of an object; {@code end} is past its comma when it has one. */
  record Member(String key, int keyStart, int valueStart, int valueEnd, int end, boolean comma) {}

  /** An object: its braces' offsets and its members in order. */
  record Obj(int open, int close, List<Member> members) {
    /** The member called {@code key}; with duplicates the last, which is the one {@code JSON.parse} keeps. */
    Member last(String key) {
      Member found = null;
      for (Member m : members) {
        if (m.key.equals(key)) {
          found = m;
        }
      }
      return found;
    }
  }

  private final String text;
  /** The line separator and indent unit new lines use: the file's own. */
  private final String nl;
  private final String unit;

  JsonText(String text) {
    this.text = text;
    this.nl = text.contains("\r\n") ? "\r\n" : "\n";
    this.unit = indentUnit(text);
  }

  String text() {
    return text;
  }

  String nl() {
    return nl;
  }

  String unit() {
    return unit;
  }

  /** The object whose opening brace is the first thing at or after {@code from}. */
  Obj object(int from) {
    int open = skipSpace(from);
    if (open >= text.length() || text.charAt(open) != '{') {
      throw new IllegalStateException("no object at " + from);
    }
    List<Member> members = new ArrayList<>();
    int i = skipSpace(open + 1);
    while (text.charAt(i) != '}') {
      int keyStart = i;
      int keyEnd = skipString(i);
      String key = Json.mapper().readValue(text.substring(keyStart, keyEnd), String.class);
      int valueStart = skipSpace(skipSpace(keyEnd) + 1); // past the colon
      int valueEnd = skipValue(valueStart);
      int next = skipSpace(valueEnd);
      boolean comma = text.charAt(next) == ',';
      members.add(new Member(key, keyStart, valueStart, valueEnd, comma ? next + 1 : valueEnd, comma));
      i = comma ? skipSpace(next + 1) : next;
    }
    return new Obj(open, i, List.copyOf(members));
  }

  /** Edits that add {@code fields} as members at the end of {@code obj}, in the object's own layout. */
  TextEdit insert(Obj obj, Map<String, JsonNode> fields) {
    boolean multiline = obj.members.isEmpty() ? text.indexOf('\n') >= 0 : text.substring(obj.open, obj.close)
        .indexOf('\n') >= 0;
    if (obj.members.isEmpty()) {
      String outer = indentOf(obj.open);
      if (!multiline) {
        return TextEdit.insert(obj.close, members(fields, "", false, ", "));
      }
      String inner = outer + unit;
      if (firstOnLine(obj.close) && text.substring(obj.open, obj.close).indexOf('\n') >= 0) {
        // "{\n  // comment\n}": the new members go on their own lines just above the closing brace.
        return TextEdit.insert(lineStart(obj.close), inner + members(fields, inner, true, "," + nl + inner) + nl);
      }
      return TextEdit.insert(obj.close, nl + inner + members(fields, inner, true, "," + nl + inner) + nl + outer);
    }
    Member last = obj.members.get(obj.members.size() - 1);
    String trailing = last.comma ? "," : "";
    if (!multiline) {
      return new TextEdit(last.valueEnd, last.end, ", " + members(fields, "", false, ", ") + trailing);
    }
    Member first = obj.members.get(0);
    String inner = firstOnLine(first.keyStart) ? indentOf(first.keyStart) : indentOf(obj.open) + unit;
    // After the last member's comma and any comment on the same line, so that comment stays with its member.
    int lineEnd = restOfLine(last.end);
    boolean endsLine = lineEnd < text.length() && (text.charAt(lineEnd) == '\n' || text.charAt(lineEnd) == '\r');
    int at = endsLine ? lineEnd : last.end;
    return new TextEdit(last.valueEnd, at, (last.comma ? "" : ",") + text.substring(last.valueEnd, at) + nl + inner
        + members(fields, inner, true, "," + nl + inner) + trailing);
  }

  /** An edit that sets {@code member}'s value to {@code value}, laid out like its object. */
  TextEdit replaceValue(Member member, JsonNode value) {
    String indent = indentOf(member.keyStart);
    boolean multiline = text.indexOf('\n') >= 0 && firstOnLine(member.keyStart);
    return new TextEdit(member.valueStart, member.valueEnd, render(value, indent, multiline));
  }

  /** A whole new file holding {@code key: value}. */
  static String fresh(String key, JsonNode value) {
    JsonText t = new JsonText("");
    return "{\n" + t.unit + t.members(Map.of(key, value), t.unit, true, "") + "\n}\n";
  }

  private String members(Map<String, JsonNode> fields, String indent, boolean multiline, String separator) {
    List<String> out = new ArrayList<>();
    fields.forEach((k, v) -> out.add(quote(k) + ": " + render(v, indent, multiline)));
    return String.join(separator, out);
  }

  /** {@code value} as JSON text; objects span lines (nested at {@code indent} plus one unit) when multiline. */
  String render(JsonNode value, String indent, boolean multiline) {
    if (value.isObject() && !value.isEmpty()) {
      List<String> parts = new ArrayList<>();
      String inner = indent + unit;
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        parts.add(quote(e.getKey()) + ": " + render(e.getValue(), inner, multiline));
      }
      return multiline ? "{" + nl + inner + String.join("," + nl + inner, parts) + nl + indent + "}"
          : "{" + String.join(", ", parts) + "}";
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(render(v, indent, false)));
      return "[" + String.join(", ", parts) + "]";
    }
    return Json.mapper().writeValueAsString(value);
  }

  private static String quote(String s) {
    return Json.mapper().writeValueAsString(s);
  }

  // ---- reading ----

  /** Past whitespace and comments. */
  int skipSpace(int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("//", i)) {
        int eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length() : eol;
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length() : close + 2;
      } else {
        return i;
      }
    }
    return i;
  }

  private int skipString(int i) {
    for (int j = i + 1; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '"') {
        return j + 1;
      }
    }
    return text.length();
  }

  private int skipValue(int i) {
    char c = text.charAt(i);
    if (c == '"') {
      return skipString(i);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      int j = i;
      while (j < text.length()) {
        char d = text.charAt(j);
        if (d == '"') {
          j = skipString(j);
          continue;
        }
        if (d == '/' && (text.startsWith("//", j) || text.startsWith("/*", j))) {
          j = skipSpace(j);
          continue;
        }
        if (d == '{' || d == '[') {
          depth++;
        } else if (d == '}' || d == ']') {
          depth--;
          if (depth == 0) {
            return j + 1;
          }
        }
        j++;
      }
      return j;
    }
    int j = i;
    while (j < text.length() && ",}] \t\r\n/".indexOf(text.charAt(j)) < 0) {
      j++;
    }
    return j;
  }

  /** Past spaces and comments that stay on the line of {@code i}: where a member's line really ends. */
  private int restOfLine(int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (text.startsWith("//", i)) {
        int eol = text.indexOf('\n', i);
        return eol < 0 ? text.length() : eol > 0 && text.charAt(eol - 1) == '\r' ? eol - 1 : eol;
      } else if (text.startsWith("/*", i) && text.indexOf('\n', i) > text.indexOf("*/", i)) {
        i = text.indexOf("*/", i) + 2;
      } else {
        return i;
      }
    }
    return i;
  }

  private int lineStart(int i) {
    return text.lastIndexOf('\n', i - 1) + 1;
  }

  private boolean firstOnLine(int i) {
    return text.substring(lineStart(i), i).isBlank();
  }

  /** The leading whitespace of the line {@code i} is on. */
  private String indentOf(int i) {
    int start = lineStart(i);
    int j = start;
    while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
      j++;
    }
    return text.substring(start, j);
  }

  /** A tab if lines are indented with tabs, else the smallest indentation in use; two spaces by default. */
  private static String indentUnit(String text) {
    int smallest = Integer.MAX_VALUE;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("\t")) {
        return "\t";
      }
      int n = 0;
      while (n < line.length() && line.charAt(n) == ' ') {
        n++;
      }
      if (n > 0) {
        smallest = Math.min(smallest, n);
      }
    }
    return smallest == Integer.MAX_VALUE ? "  " : " ".repeat(smallest);
  }
}
