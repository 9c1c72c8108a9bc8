package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the members of a JSON object and the elements of an array lie in a UTF-8 text, found by a structural scan that
 * builds nothing: brackets counted outside strings, strings skipped to their closing quote. It checks the framing it
 * walks (names, colons, commas, brackets) but not what is inside a value: the caller hands every value it uses to the
 * strict parser, or compares it byte for byte with one the strict parser read before. Anything it is not sure of
 * answers null, and the caller parses the whole text strictly instead.
 *
 * <p>Used by {@link SlicedParser} to find which sessions of {@code sessions.json} changed since the last read: a scan
 * runs at the speed of a copy, where building the whole document costs milliseconds.
 */
final class JsonSpans {

  private JsonSpans() {}

  /**
   * One member of an object: its name, where the member starts (its name's opening quote) and where its value starts
   * and ends (exclusive).
   */
  record Member(String name, int start, int valueStart, int valueEnd) {}

  /**
   * The members of the object at {@code start} (after whitespace), in order, whose value ends at or before {@code
   * limit}; {@code end[0]} receives the offset just past its closing brace. Null when the framing is not plain
   * JSON, or a name holds an escape, a control character or a non-ASCII byte (ids and field names of the store never
   * do; the strict parser judges the rest).
   */
  static List<Member> members(byte[] b, int start, int limit, int[] end) {
    return members(b, start, limit, end, (name, from) -> valueEnd(b, from, limit));
  }

  /** Where a member's value ends (exclusive), given its name and where it starts; -1 when it is not plain JSON. */
  interface ValueEnd {
    int of(String name, int valueStart);
  }

  /** As {@link #members(byte[], int, int, int[])}, with each value's end found by {@code values}. */
  static List<Member> members(byte[] b, int start, int limit, int[] end, ValueEnd values) {
    int i = skipWhitespace(b, start, limit);
    if (i >= limit || b[i] != '{') {
      return null;
    }
    List<Member> members = new ArrayList<>();
    i = skipWhitespace(b, i + 1, limit);
    if (i < limit && b[i] == '}') {
      end[0] = i + 1;
      return members;
    }
    while (true) {
      if (i >= limit || b[i] != '"') {
        return null;
      }
      int memberStart = i;
      int nameEnd = plainNameEnd(b, i, limit);
      if (nameEnd < 0) {
        return null;
      }
      i = skipWhitespace(b, nameEnd, limit);
      if (i >= limit || b[i] != ':') {
        return null;
      }
      int valueStart = skipWhitespace(b, i + 1, limit);
      String name = new String(b, memberStart + 1, nameEnd - memberStart - 2, StandardCharsets.US_ASCII);
      int valueEnd = valueStart < limit ? values.of(name, valueStart) : -1;
      if (valueEnd < 0) {
        return null;
      }
      members.add(new Member(name, memberStart, valueStart, valueEnd));
      i = skipWhitespace(b, valueEnd, limit);
      if (i >= limit) {
        return null;
      }
      if (b[i] == '}') {
        end[0] = i + 1;
        return members;
      }
      if (b[i] != ',') {
        return null;
      }
      i = skipWhitespace(b, i + 1, limit);
    }
  }

  /**
   * The elements of the array at {@code start} (no whitespace before it), as {@code [start, end)} pairs, or null when
   * the framing is not plain JSON or the array does not end exactly at {@code limit}.
   */
  static List<int[]> elements(byte[] b, int start, int limit) {
    if (start >= limit || b[start] != '[') {
      return null;
    }
    List<int[]> elements = new ArrayList<>();
    int i = skipWhitespace(b, start + 1, limit);
    if (i < limit && b[i] == ']') {
      return i + 1 == limit ? elements : null;
    }
    while (true) {
      int valueEnd = valueEnd(b, i, limit);
      if (valueEnd < 0) {
        return null;
      }
      elements.add(new int[] {i, valueEnd});
      i = skipWhitespace(b, valueEnd, limit);
      if (i >= limit) {
        return null;
      }
      if (b[i] == ']') {
        return i + 1 == limit ? elements : null;
      }
      if (b[i] != ',') {
        return null;
      }
      i = skipWhitespace(b, i + 1, limit);
    }
  }

  /** The offset of the first byte at or after {@code i} that is not JSON whitespace. */
  static int skipWhitespace(byte[] b, int i, int limit) {
    while (i < limit && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /**
   * Just past the value starting at {@code i}: an object or array up to its matching bracket, a string up to its
   * closing quote, anything else (a number, true, false, null) up to the next delimiter; -1 when it runs past {@code
   * limit} or is empty.
   */
  static int valueEnd(byte[] b, int i, int limit) {
    if (i >= limit) {
      return -1;
    }
    byte first = b[i];
    if (first == '"') {
      return stringEnd(b, i, limit);
    }
    if (first == '{' || first == '[') {
      int depth = 0;
      while (i < limit) {
        byte c = b[i];
        if (c == '"') {
          i = stringEnd(b, i, limit);
          if (i < 0) {
            return -1;
          }
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          if (--depth == 0) {
            return i + 1;
          }
        }
        i++;
      }
      return -1;
    }
    int start = i;
    while (i < limit) {
      byte c = b[i];
      if (c == ',' || c == '}' || c == ']' || c == ':' || c == ' ' || c == '\n' || c == '\r' || c == '\t'
          || c == '{' || c == '[' || c == '"') {
        break;
      }
      i++;
    }
    return i > start ? i : -1;
  }

  /** Just past the closing quote of the string whose opening quote is at {@code i}, or -1. */
  private static int stringEnd(byte[] b, int i, int limit) {
    for (i++; i < limit; i++) {
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        i++; // the escaped character, whatever it is: \" does not end the string
      }
    }
    return -1;
  }

  /** Just past the closing quote of a name made of printable ASCII without escapes, or -1. */
  private static int plainNameEnd(byte[] b, int i, int limit) {
    for (i++; i < limit; i++) {
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' || c < 0x20 || c == 0x7f) { // negative: a non-ASCII byte
        return -1;
      }
    }
    return -1;
  }
}
