package dev.snapmcp.bridge.tab;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A browser's memory of its pairings, as the extension keeps it in {@code chrome.storage.session}: for a session paired
 * with a code, the secret that code was exchanged for at the session's first handshake (docs/protocol.md, "The pairing
 * code is used once"). A {@link FakeBrowser} told to say hello with a code it has exchanged says it with the secret
 * instead, as a reloaded or reconnecting tab does; so tests and the harness may connect the same session with its code
 * again and again. {@link #SHARED} is every fake browser's by default (one browser per process); a fake browser with a
 * keyring of its own ({@link FakeBrowserBuilder#keyring}) is another browser, or someone who only read the code.
 */
public final class Keyring {

  /** The keyring fake browsers use unless told otherwise. */
  public static final Keyring SHARED = new Keyring();

  /** session id + '\n' + code -> the secret it was exchanged for. */
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  /** An empty keyring: a browser that has exchanged no code. */
  public Keyring() {}

  /** The token to prove for {@code session} given {@code code}: the secret it was exchanged for, else the code. */
  public String tokenFor(String session, String code) {
    return secrets.getOrDefault(key(session, code), code);
  }

  /** Whether this keyring holds a secret for the session's {@code code}. */
  public boolean exchanged(String session, String code) {
    return secrets.containsKey(key(session, code));
  }

  /** Remembers that the session's {@code code} was exchanged for {@code secret}. */
  void remember(String session, String code, String secret) {
    secrets.put(key(session, code), secret);
  }

  private static String key(String session, String code) {
    return session + "\n" + code;
  }
}
