package dev.snapmcp.mcp.setup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replace {@code [start, end)} of a text with {@code replacement}; everything else stays byte for byte. */
record TextEdit(int start, int end, String replacement) {

  TextEdit {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad edit range " + start + ".." + end);
    }
  }

  static TextEdit insert(int at, String text) {
    return new TextEdit(at, at, text);
  }

  /** {@code text} with the edits applied; they must not overlap. */
  static String apply(String text, List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    StringBuilder out = new StringBuilder(text.length() + 256);
    int at = 0;
    for (TextEdit e : sorted) {
      if (e.start < at) {
        throw new IllegalStateException("overlapping edits at " + e.start);
      }
      out.append(text, at, e.start).append(e.replacement);
      at = e.end;
    }
    return out.append(text, at, text.length()).toString();
  }
}
