package dev.snapmcp.mcp.setup;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u}, three lines of context) between two texts, for {@code --dry-run}. Setup's edits
 * are small, so the lines both texts start and end with are set aside first and only the rest is compared.
 */
final class UnifiedDiff {

  private static final int CONTEXT = 3;
  /** Above this many line pairs in the changed middle, it is shown as removed and added whole. */
  private static final long MAX_CELLS = 4_000_000;

  private UnifiedDiff() {}

  /** The diff, headed {@code --- oldName} / {@code +++ newName}; empty when the texts are equal. */
  static String of(String before, String after, String oldName, String newName) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    if (a.equals(b)) {
      return "";
    }
    List<Character> ops = script(a, b); // ' ' keep, '-' remove, '+' add
    StringBuilder out = new StringBuilder("--- ").append(oldName).append('\n').append("+++ ").append(newName)
        .append('\n');
    int n = ops.size();
    int k = 0;
    while (k < n) {
      if (ops.get(k) == ' ') {
        k++;
        continue;
      }
      // A hunk: from CONTEXT kept lines before this change to CONTEXT after the last change closer than 2*CONTEXT.
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      int lastChange = k;
      while (end < n && (ops.get(end) != ' ' || end - lastChange <= 2 * CONTEXT)) {
        if (ops.get(end) != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(n, lastChange + 1 + CONTEXT);
      int oldLine = 0;
      int newLine = 0;
      for (int j = 0; j < start; j++) {
        oldLine += ops.get(j) != '+' ? 1 : 0;
        newLine += ops.get(j) != '-' ? 1 : 0;
      }
      StringBuilder body = new StringBuilder();
      int oldCount = 0;
      int newCount = 0;
      int ia = oldLine;
      int ib = newLine;
      for (int j = start; j < end; j++) {
        char op = ops.get(j);
        String line = op == '+' ? b.get(ib) : a.get(ia);
        body.append(op).append(line.endsWith("\n") ? line : line + "\n\\ No newline at end of file\n");
        if (op != '+') {
          ia++;
          oldCount++;
        }
        if (op != '-') {
          ib++;
          newCount++;
        }
      }
      out.append("@@ -").append(range(oldLine, oldCount)).append(" +").append(range(newLine, newCount))
          .append(" @@\n").append(body);
      k = end;
    }
    return out.toString();
  }

  private static String range(int firstIndex, int count) {
    return (count == 0 ? firstIndex : firstIndex + 1) + "," + count;
  }

  /** The edit script: the shared head and tail kept, the middle by longest common subsequence. */
  private static List<Character> script(List<String> a, List<String> b) {
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<String> ma = a.subList(head, a.size() - tail);
    List<String> mb = b.subList(head, b.size() - tail);
    List<Character> ops = new ArrayList<>();
    for (int i = 0; i < head; i++) {
      ops.add(' ');
    }
    if ((long) ma.size() * mb.size() > MAX_CELLS) {
      ma.forEach(l -> ops.add('-'));
      mb.forEach(l -> ops.add('+'));
    } else {
      int[][] lcs = new int[ma.size() + 1][mb.size() + 1];
      for (int i = ma.size() - 1; i >= 0; i--) {
        for (int j = mb.size() - 1; j >= 0; j--) {
          lcs[i][j] = ma.get(i).equals(mb.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < ma.size() || j < mb.size()) {
        if (i < ma.size() && j < mb.size() && ma.get(i).equals(mb.get(j))) {
          ops.add(' ');
          i++;
          j++;
        } else if (i < ma.size() && (j == mb.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
          ops.add('-'); // removals before additions, as diff shows them
          i++;
        } else {
          ops.add('+');
          j++;
        }
      }
    }
    for (int i = 0; i < tail; i++) {
      ops.add(' ');
    }
    return ops;
  }

  /** The lines of {@code text}, each with its line break (the last may have none). */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }
}
