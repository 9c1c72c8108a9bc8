package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ServiceLoader;

/**
 * Opens session stores: the file store in a state folder (the default, built in), or a store named by URL, such as
 * {@code postgresql://…}, through the {@link SessionStoreProvider} on the class path that supports it.
 */
public final class SessionStores {

  private SessionStores() {}

  /**
   * Opens (creating if needed) the store in {@code stateDir}: checks and repairs the folder's and files' permissions,
   * cleans up temporary files a killed process left, and reads the document once to fail early on damage.
   *
   * @param clock the source of "now" for expiry and timestamps (tests inject a fixed or offset clock)
   */
  public static SessionStore open(Path stateDir, Clock clock) {
    return open(stateDir, clock, StoreOptions.defaults());
  }

  /** Opens the store in {@code stateDir} tuned by {@code options} (see {@link StoreOptions}). */
  public static SessionStore open(Path stateDir, Clock clock, StoreOptions options) {
    return FileSessionStore.open(stateDir, clock, java.util.Objects.requireNonNull(options, "options"));
  }

  /** Opens the store in {@code stateDir} on the system clock. */
  public static SessionStore open(Path stateDir) {
    return open(stateDir, Clock.systemUTC());
  }

  /**
   * Opens the store {@code url} names, or the file store in {@code stateDir} when {@code url} is null or blank (what
   * every command does without {@code --store}). With a URL, {@code stateDir} is still created (mode 0700): it keeps
   * what stays on this machine (the bridge's control token).
   *
   * @param url e.g. {@code postgresql://user:password@host:5432/db} or {@code jdbc:postgresql://host/db?user=…}
   * @throws StoreException of kind {@link StoreException.Kind#IO} when no provider on the class path supports
   *     {@code url}, or the store cannot be opened
   */
  public static SessionStore open(String url, Path stateDir, Clock clock) {
    if (url == null || url.isBlank()) {
      return open(stateDir, clock);
    }
    Path dir = stateDir.toAbsolutePath().normalize();
    try {
      Permissions.ensurePrivateFolder(dir);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO,
          "cannot create the state folder " + dir + ": " + e + " (check that it is yours and writable)", e);
    }
    for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class)) {
      if (provider.supports(url)) {
        return provider.open(url, dir, clock);
      }
    }
    throw new StoreException(StoreException.Kind.IO, "no session store on the class path opens " + redact(url)
        + ": snap-mcp knows postgresql://… (and jdbc:postgresql://…); a library needs snap-mcp-store-postgres"
        + " beside snap-mcp-core");
  }

  /**
   * {@code url} without its password, for messages and logs: the password of {@code scheme://user:password@…} and
   * the value of a {@code password=} parameter become {@code ***}.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String out = url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
    int scheme = out.indexOf("://");
    int at = scheme < 0 ? -1 : out.indexOf('@', scheme + 3);
    int slash = scheme < 0 ? -1 : out.indexOf('/', scheme + 3);
    if (at > 0 && (slash < 0 || at < slash)) {
      int colon = out.indexOf(':', scheme + 3);
      if (colon > 0 && colon < at) {
        out = out.substring(0, colon + 1) + "***" + out.substring(at);
      }
    }
    return out;
  }
}
