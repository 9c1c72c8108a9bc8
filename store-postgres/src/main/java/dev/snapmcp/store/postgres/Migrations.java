package dev.snapmcp.store.postgres;

import dev.snapmcp.core.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Flyway, kept apart so that the JVM loads it only when a schema needs laying out or bringing up to date: a store
 * opened on an up-to-date schema (every open but the first) never touches this class.
 */
final class Migrations {

  private Migrations() {}

  /** Applies the migrations of {@link Database#MIGRATIONS} to the URL's schema, creating it if needed. */
  static void run(DataSource pool, PostgresUrl url) {
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(pool)
          .schemas(url.schema())
          .defaultSchema(url.schema())
          .createSchemas(true)
          .table(Database.HISTORY_TABLE)
          .locations(Database.MIGRATIONS)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot lay out the PostgreSQL store " + url + " (schema "
          + url.schema() + "): " + Database.rootMessage(e), e);
    }
  }
}
