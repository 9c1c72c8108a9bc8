package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.protocol.Protocol;
import java.util.Optional;

/**
 * Snap! text code checked for the blocks no tool builds ({@link Protocol#FORBIDDEN_BLOCKS}) before it goes to the tab,
 * which checks the blocks it built once more: a block whose name is a forbidden selector or its text-code name
 * ({@code (js …)}, {@code (ext …)}), or a text that is a forbidden selector (what {@code (prim …)} or a script building
 * blocks from names would use).
 */
final class ForbiddenCode {

  private ForbiddenCode() {}

  /** Refuses {@code code} (a {@link ToolError} {@code forbidden_block}) when it holds a forbidden block. */
  static void check(String code) {
    if (code == null) {
      return;
    }
    for (String word : code.split("[\\s()\"]+")) {
      checkVariable(word); // (set __module__x …) would make one
    }
    Optional<Protocol.ForbiddenBlock> found = find(code);
    if (found.isPresent()) {
      throw refusal(new ProjectXml.Finding(found.get().selector(), found.get().why(), "the code"),
          "Nothing was changed; write it with Snap!'s other blocks.");
    }
  }

  /** Refuses a variable name that makes Snap! load a script when the project opens ({@code __module__…}). */
  static void checkVariable(String name) {
    if (name != null && name.startsWith(Protocol.MODULE_VARIABLE_PREFIX)) {
      throw refusal(new ProjectXml.Finding(Protocol.MODULE_VARIABLE_PREFIX, "a variable named "
          + Protocol.MODULE_VARIABLE_PREFIX + "… makes Snap! load the script at its address when the project opens",
          "the variable \"" + PageText.cap(name) + "\""), "Nothing was changed; choose another name.");
    }
  }

  /** The first forbidden block {@code code} names, reading it as Snap!'s parser does (strings, comments, parens). */
  static Optional<Protocol.ForbiddenBlock> find(String code) {
    int i = 0;
    boolean head = false; // the next word is the first of a parenthesised list: a block's name
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '(') {
        head = true;
        i++;
      } else if (c == ')' || Character.isWhitespace(c)) {
        if (c == ')') {
          head = false;
        }
        i++;
      } else if (c == ';') {
        while (i < code.length() && code.charAt(i) != '\n') {
          i++;
        }
      } else {
        StringBuilder word = new StringBuilder();
        boolean quoted = c == '"';
        if (quoted) {
          i++;
          while (i < code.length() && code.charAt(i) != '"') {
            if (code.charAt(i) == '\\' && i + 1 < code.length()) {
              i++;
            }
            word.append(code.charAt(i++));
          }
          i++;
        } else {
          while (i < code.length() && "();\"".indexOf(code.charAt(i)) < 0 && !Character.isWhitespace(code.charAt(i))) {
            if (code.charAt(i) == '\\' && i + 1 < code.length()) {
              i++;
            }
            word.append(code.charAt(i++));
          }
        }
        String text = word.toString().strip();
        Optional<Protocol.ForbiddenBlock> block = Protocol.forbiddenBlock(text);
        if (block.isPresent() && (head && !quoted || block.get().selector().equalsIgnoreCase(text))) {
          return block;
        }
        head = false;
      }
    }
    return Optional.empty();
  }

  static ToolError refusal(ProjectXml.Finding finding, String outcome) {
    var details = SnapTool.object();
    details.put("selector", finding.selector());
    details.put("where", finding.where());
    return new ToolError(ToolErrorCode.FORBIDDEN_BLOCK.code(), "Refused: " + finding.where() + " holds "
        + finding.selector() + ", and " + finding.why() + ". No snap-mcp tool builds or loads code that runs "
        + "JavaScript or loads scripts, whatever Snap!'s JavaScript setting. " + outcome, null, details);
  }
}
