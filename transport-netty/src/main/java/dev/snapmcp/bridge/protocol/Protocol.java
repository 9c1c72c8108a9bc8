package dev.snapmcp.bridge.protocol;

import java.util.List;

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
   * its manifest): the same sites as {@link #DEFAULT_ORIGINS}, written as Chrome match patterns.
   */
  public static final List<String> SNAP_MATCHES =
      List.of(
          "https://snap.berkeley.edu/snap/*",
          "https://snap.berkeley.edu/snap.html*",
          "http://127.0.0.1/*",
          "http://localhost/*");

  private Protocol() {}
}
