package dev.snapmcp.store.postgres;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStoreProvider;
import dev.snapmcp.core.StoreException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens the PostgreSQL store for {@code postgresql://…}, {@code postgres://…} and {@code jdbc:postgresql:…} URLs;
 * core's {@link dev.snapmcp.core.SessionStores#open(String, Path, Clock)} finds it through {@link
 * java.util.ServiceLoader}. Loading this class loads no JDBC class: that happens in {@link #open}.
 */
public final class PostgresStoreProvider implements SessionStoreProvider {

  @Override
  public boolean supports(String url) {
    return PostgresUrl.supports(url);
  }

  @Override
  public SessionStore open(String url, Path stateDir, Clock clock) {
    PostgresUrl parsed;
    try {
      parsed = PostgresUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Kind.IO, e.getMessage(), e);
    }
    return PostgresSessionStore.open(parsed, stateDir, clock);
  }
}
