package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.protocol.Protocol;

/**
 * The cap on one text that came from the page (a name, a said or error text, a label, a comment) before a tool result
 * carries it: {@link Protocol#PAGE_TEXT_MAX} characters, cut ones ending with {@value #CUT}. The extension caps too;
 * this cap never trusts that it did.
 */
final class PageText {

  static final String CUT = "…";

  private PageText() {}

  static String cap(String text) {
    if (text == null || text.length() <= Protocol.PAGE_TEXT_MAX) {
      return text;
    }
    int end = Protocol.PAGE_TEXT_MAX - CUT.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + CUT;
  }
}
