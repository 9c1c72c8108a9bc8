package dev.snapmcp.core;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A kind of session store other than the file, opened by URL: {@link SessionStores#open(String, Path, Clock)} asks
 * each provider found by {@link java.util.ServiceLoader} (an entry of {@code
 * META-INF/services/dev.snapmcp.core.SessionStoreProvider}) whether it {@link #supports} the URL, and the first that
 * does opens it. The PostgreSQL store
 * ({@code snap-mcp-store-postgres}) is one; core itself depends on none, so a library user picks the kinds it needs
 * by putting their modules on the class path.
 *
 * <p>A provider is loaded only when a URL is given: the default file store never touches this interface, so its
 * start-up loads no provider and no database driver. {@link #supports} must therefore be cheap and load nothing
 * heavy (no driver, no pool), as every provider is asked.
 *
 * <p>An implementation keeps the whole {@link SessionStore} contract (core's test-jar has it as an abstract test,
 * {@code dev.snapmcp.core.testing.SessionStoreContract}), and may build on {@link PartialDocument} to keep the file
 * store's rules by running the same code.
 */
public interface SessionStoreProvider {

  /** Whether {@code url} names a store of this kind, from its text alone (e.g. {@code postgresql://…}). */
  boolean supports(String url);

  /**
   * Opens the store at {@code url}, creating what it needs there (tables, by migrations) on first use.
   *
   * @param url a URL {@link #supports} accepted; it may carry a password: never log it as it is
   * @param stateDir this machine's state folder (it exists, mode 0700), for what stays local whatever the store: the
   *     bridge's control token; {@link SessionStore#stateDir()} returns it
   * @param clock the source of "now" for expiry and timestamps
   * @throws StoreException of kind {@link StoreException.Kind#IO} when the store cannot be reached, {@link
   *     StoreException.Kind#NEWER_VERSION} when a newer snap-mcp laid it out
   */
  SessionStore open(String url, Path stateDir, Clock clock);
}
