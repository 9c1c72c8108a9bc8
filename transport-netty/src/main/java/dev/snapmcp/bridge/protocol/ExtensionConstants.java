package dev.snapmcp.bridge.protocol;

import dev.snapmcp.core.Scram;
import dev.snapmcp.core.Version;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders {@code extension/constants.js}, the extension's copy of the Java facts it needs: the version, its own id,
 * the default port, the pages it runs on, the errors after which it stops reconnecting, the blocks no tool builds
 * the cap on texts from the page and the label the secret a pairing code is exchanged for is derived with. The file is committed (the
 * extension is loaded unpacked, without a build); {@code ExtensionCopiesTest} fails when it differs from {@link
 * #javaScript()} and says how to write it again.
 */
public final class ExtensionConstants {

  /** The file's path from the repository's root. */
  public static final String FILE = "extension/constants.js";

  private ExtensionConstants() {}

  /** The whole text of {@code extension/constants.js}: a classic script setting {@code globalThis.snapMcpConstants}. */
  public static String javaScript() {
    return "// Generated from the Java definitions; a test fails when this file and they disagree. Do not edit by hand.\n"
        + "globalThis.snapMcpConstants = Object.freeze({\n"
        + "  version: " + string(Version.CURRENT) + ",\n"
        + "  extensionId: " + string(Protocol.EXTENSION_ID) + ",\n"
        + "  defaultPort: " + Protocol.DEFAULT_PORT + ",\n"
        + "  snapMatches: " + strings(Protocol.SNAP_MATCHES) + ",\n"
        + "  finalErrors: "
        + strings(WebSocketErrorCode.finalForTabs().stream().map(WebSocketErrorCode::code).toList())
        + ",\n"
        + "  forbiddenBlocks: " + Protocol.FORBIDDEN_BLOCKS.stream()
            .map(b -> "{selector: " + string(b.selector()) + ", code: " + string(b.code()) + ", why: " + string(b.why())
                + "}")
            .collect(Collectors.joining(", ", "[", "]")) + ",\n"
        + "  moduleVariablePrefix: " + string(Protocol.MODULE_VARIABLE_PREFIX) + ",\n"
        + "  pageTextMax: " + Protocol.PAGE_TEXT_MAX + ",\n"
        + "  rekeyLabel: " + string(Scram.REKEY_LABEL) + ",\n"
        + "});\n";
  }

  private static String strings(List<String> values) {
    return values.stream().map(ExtensionConstants::string).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A JavaScript string literal in single quotes. */
  private static String string(String value) {
    StringBuilder out = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }
}
