package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;

/**
 * The cap on a short string a browser hands over that is stored or shown: versions, the user agent, a tab's address and
 * title, a project's name, a reason. A browser is not trusted: without a cap one hello could put megabytes into {@code
 * sessions.json}, which every later hello reads whole. 512 bytes of UTF-8 hold any real user agent (about 150), address
 * or title; a longer value is cut at a character boundary and ends with {@value #CUT}, so a reader sees it was cut.
 */
public final class BrowserText {

  /** The most bytes (UTF-8) a capped string has, the mark included. */
  public static final int MAX_BYTES = 512;

  /** What a cut string ends with. */
  public static final String CUT = "…";

  private static final int CUT_BYTES = CUT.getBytes(StandardCharsets.UTF_8).length;

  private BrowserText() {}

  /**
   * {@code text} if it fits in {@link #MAX_BYTES} (null stays null), else its longest prefix that fits together with
   * {@link #CUT}, never splitting a character.
   */
  public static String cap(String text) {
    if (text == null || text.length() * 3 <= MAX_BYTES) {
      return text; // at most 3 bytes per char: fits without counting
    }
    int budget = MAX_BYTES - CUT_BYTES;
    int bytes = 0;
    int end = 0; // where the prefix that leaves room for the mark ends
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > MAX_BYTES) {
        return text.substring(0, end) + CUT;
      }
      bytes += size;
      i += Character.charCount(cp);
      if (bytes <= budget) {
        end = i;
      }
    }
    return text;
  }
}
