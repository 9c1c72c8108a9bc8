package dev.snapmcp.mcp.setup;

import java.util.ArrayList;
import java.util.List;

/**
 * A TOML text cut into statements (table headers, key/value pairs, blank and comment lines) with their offsets, so
 * one table can be replaced or appended without touching any other byte. Multi-line strings and arrays are skipped
 * whole, so a "[" inside them is never taken for a header. The text has been validated by a TOML parser first.
 */
final class TomlText {

  enum Kind { TABLE, ARRAY_TABLE, KEY_VALUE, BLANK_OR_COMMENT }

  /**
   * One statement: {@code [start, end)} includes its line break; {@code path} is the header's or the key's dotted path
   * (unquoted); for a key/value, {@code [valueStart, valueEnd)} is the value.
   */
  record Statement(Kind kind, List<String> path, int start, int end, int valueStart, int valueEnd) {}

  private final String text;
  private int i;

  private TomlText(String text) {
    this.text = text;
  }

  static List<Statement> statements(String text) {
    return new TomlText(text).all();
  }

  private List<Statement> all() {
    List<Statement> out = new ArrayList<>();
    while (i < text.length()) {
      int start = i;
      skipBlank();
      if (i >= text.length() || at('\n') || at('\r') || at('#')) {
        endOfLine();
        out.add(new Statement(Kind.BLANK_OR_COMMENT, List.of(), start, i, -1, -1));
      } else if (at('[')) {
        boolean array = text.startsWith("[[", i);
        i += array ? 2 : 1;
        List<String> path = key();
        i += array ? 2 : 1; // the closing bracket(s)
        endOfLine();
        out.add(new Statement(array ? Kind.ARRAY_TABLE : Kind.TABLE, path, start, i, -1, -1));
      } else {
        List<String> path = key();
        i++; // '='
        skipBlank();
        int valueStart = i;
        skipValue();
        int valueEnd = i;
        endOfLine();
        out.add(new Statement(Kind.KEY_VALUE, path, start, i, valueStart, valueEnd));
      }
    }
    return out;
  }

  /** A dotted key, each part bare, "basic" or 'literal'; leaves {@code i} on what follows it. */
  private List<String> key() {
    List<String> parts = new ArrayList<>();
    while (true) {
      skipBlank();
      if (at('"')) {
        int end = basicStringEnd(i);
        parts.add(unescape(text.substring(i + 1, end - 1)));
        i = end;
      } else if (at('\'')) {
        int end = text.indexOf('\'', i + 1) + 1;
        parts.add(text.substring(i + 1, end - 1));
        i = end;
      } else {
        int s = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || at('_') || at('-'))) {
          i++;
        }
        parts.add(text.substring(s, i));
      }
      skipBlank();
      if (!at('.')) {
        return parts;
      }
      i++;
    }
  }

  private void skipValue() {
    if (text.startsWith("\"\"\"", i) || text.startsWith("'''", i)) {
      String quotes = text.substring(i, i + 3);
      int j = i + 3;
      while (j < text.length()) {
        if (quotes.equals("\"\"\"") && text.charAt(j) == '\\') {
          j += 2;
          continue;
        }
        if (text.startsWith(quotes, j)) {
          j += 3;
          while (j < text.length() && text.charAt(j) == quotes.charAt(0)) {
            j++; // up to two quotes may end the content right before the delimiter
          }
          i = j;
          return;
        }
        j++;
      }
      i = text.length();
      return;
    }
    if (at('"')) {
      i = basicStringEnd(i);
    } else if (at('\'')) {
      i = text.indexOf('\'', i + 1) + 1;
    } else if (at('[') || at('{')) {
      int depth = 0;
      do {
        if (at('"') || at('\'')) {
          skipValue();
          continue;
        }
        if (at('#')) {
          while (i < text.length() && !at('\n')) {
            i++;
          }
          continue;
        }
        if (at('[') || at('{')) {
          depth++;
        } else if (at(']') || at('}')) {
          depth--;
        }
        i++;
      } while (depth > 0 && i < text.length());
    } else {
      int end = i; // numbers, booleans, dates; a date-time may hold a space
      while (i < text.length() && !at('#') && !at('\n') && !at('\r')) {
        if (!at(' ') && !at('\t')) {
          end = i + 1;
        }
        i++;
      }
      i = end;
    }
  }

  private int basicStringEnd(int from) {
    for (int j = from + 1; j < text.length(); j++) {
      if (text.charAt(j) == '\\') {
        j++;
      } else if (text.charAt(j) == '"') {
        return j + 1;
      }
    }
    return text.length();
  }

  /** Past spaces, a comment and the line break that end a statement. */
  private void endOfLine() {
    while (i < text.length() && !at('\n')) {
      i++;
    }
    if (i < text.length()) {
      i++;
    }
  }

  private void skipBlank() {
    while (i < text.length() && (at(' ') || at('\t'))) {
      i++;
    }
  }

  private boolean at(char c) {
    return i < text.length() && text.charAt(i) == c;
  }

  /** The escapes a key may hold; keys with others are rare enough to compare in their written form. */
  private static String unescape(String s) {
    return s.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** {@code s} as a TOML basic string. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
