package dev.snapmcp.bridge.protocol;

import java.util.List;
import java.util.Locale;

/**
 * The facts both ends of the bridge and the extension agree on, each written here once: the default port, the
 * extension's id, the origins the WebSocket accepts by default and the pages the extension runs on. The extension
 * gets them from {@code extension/constants.js}, rendered from this class by {@link ExtensionConstants}; a test fails
 * when that file, {@code extension/manifest.json} or {@code docs/protocol.md} disagree.
 */
public final class Protocol {

  /** 7627 spells "SNAP" on a phone keypad; the extension's default too. */
  public static final int DEFAULT_PORT = 7627;

  /**
   * The extension's id, fixed by the {@code key} in {@code extension/manifest.json} (the first 32 hex digits of the
   * SHA-256 of that key, each mapped 0-f to a-p).
   */
  public static final String EXTENSION_ID = "aeoedggcnbmeidcapnlkgploidmjkogg";

  /** The origin the extension's service worker sends. */
  public static final String EXTENSION_ORIGIN = "chrome-extension://" + EXTENSION_ID;

  /**
   * The WebSocket origins always accepted: Snap! online, Snap! served locally on any port, and the extension's own
   * service worker. A trailing {@code :*} matches any port.
   */
  public static final List<String> DEFAULT_ORIGINS =
      List.of("https://snap.berkeley.edu", "http://127.0.0.1:*", "http://localhost:*", EXTENSION_ORIGIN);

  /**
   * The pages the extension's content scripts run on and may reach ({@code matches} and {@code host_permissions} in
   * its manifest), as Chrome match patterns: Snap!'s own paths online, and on 127.0.0.1 and localhost (any port) only
   * Snap!'s page, {@code …/snap.html}, not every page a local server shows. Even there the page scripts offer the tab
   * only once the page is Snap!'s ({@code extension/page/main.js}); other sites and folders are the user's choice.
   */
  public static final List<String> SNAP_MATCHES =
      List.of(
          "https://snap.berkeley.edu/snap/*",
          "https://snap.berkeley.edu/snap.html*",
          "http://127.0.0.1/*snap.html*",
          "http://localhost/*snap.html*");

  /**
   * Snap!'s primitives that run JavaScript or load code, whatever the user's JavaScript setting says (a {@code file://}
   * Snap! turns that setting on by itself): no tool builds one, and a project holding one is refused whole. Found by
   * reading Snap!'s {@code objects.js}, {@code threads.js}, {@code extensions.js} and {@code gui.js} (Snap! 10).
   */
  public static final List<ForbiddenBlock> FORBIDDEN_BLOCKS = List.of(
      new ForbiddenBlock("reportJSFunction", "js",
          "Snap!'s JavaScript function block runs JavaScript written as text"),
      new ForbiddenBlock("reportCompiled", "",
          "the compile block turns blocks into JavaScript and evaluates it (window.eval)"),
      new ForbiddenBlock("doApplyExtension", "extension",
          "an extension block calls a JavaScript primitive by a name known only at run time; src_load(url) loads a "
              + "script from any address"),
      new ForbiddenBlock("reportApplyExtension", "ext",
          "an extension block calls a JavaScript primitive by a name known only at run time; src_load(url) loads a "
              + "script from any address"));

  /**
   * A global variable whose name starts with this makes Snap! load the script at the address it holds whenever the
   * project opens ({@code IDE_Morph.autoLoadExtensions}): a project with one is refused like a forbidden block.
   */
  public static final String MODULE_VARIABLE_PREFIX = "__module__";

  /**
   * The most characters of one text from the page that the extension passes on (names, said texts, error texts, a
   * custom block's label, a comment); the bridge and the tools cap again ({@code BrowserText}, {@code PageText}), never
   * trusting the page's cap.
   */
  public static final int PAGE_TEXT_MAX = 500;

  /** The forbidden block whose selector or text-code name is {@code name} (case as Snap!'s text code ignores it). */
  public static java.util.Optional<ForbiddenBlock> forbiddenBlock(String name) {
    if (name == null || name.isEmpty()) {
      return java.util.Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return FORBIDDEN_BLOCKS.stream()
        .filter(b -> b.selector().toLowerCase(Locale.ROOT).equals(lower) || b.code().equals(lower))
        .findFirst();
  }

  /**
   * One primitive no tool builds: its selector (as in Snap!'s XML), its name in Snap!'s text code (empty: none), and
   * why it is refused.
   */
  public record ForbiddenBlock(String selector, String code, String why) {}

  private Protocol() {}
}
