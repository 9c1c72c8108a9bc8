package dev.snapmcp.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.snapmcp.core.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's database: a HikariCP pool for the transactions, dedicated connections for listening, and the schema,
 * laid out and brought up to date by Flyway from the migrations in {@code dev/snapmcp/store/postgres/migration}.
 */
final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** The newest migration this snap-mcp has: {@code V<LATEST>__…sql}. A test holds it to the files. */
  static final int LATEST_SCHEMA = 2;
  static final String MIGRATIONS = "classpath:dev/snapmcp/store/postgres/migration";
  static final String HISTORY_TABLE = "flyway_schema_history";

  /** How long a change waits for a row another transaction holds before it fails as BUSY (as the file's lock). */
  static final String LOCK_TIMEOUT = "10s";
  /**
   * What every connection sets first: the lock timeout, and synchronous_commit on if the server's default is off (a
   * call's change is durable when it returns; a stronger setting, such as remote_apply, is kept).
   */
  static final String SESSION_SETTINGS = "SELECT set_config('lock_timeout', '" + LOCK_TIMEOUT + "', false),"
      + " set_config('synchronous_commit', CASE current_setting('synchronous_commit') WHEN 'off' THEN 'on'"
      + " ELSE current_setting('synchronous_commit') END, false)";
  /** A few connections per process: each call holds one for one short transaction. */
  private static final int POOL_SIZE = 8;
  private static final long CONNECTION_WAIT_MS = 5_000;
  private static final long OPEN_WAIT_MS = 5_000;

  private final PostgresUrl url;
  private final HikariDataSource pool;

  private Database(PostgresUrl url, HikariDataSource pool) {
    this.url = url;
    this.pool = pool;
  }

  /** Connects (failing at once when the server cannot be reached) and brings the schema up to date. */
  static Database open(PostgresUrl url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    config.setDataSourceProperties(url.properties());
    config.setPoolName("snap-mcp-store");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_WAIT_MS);
    // A server that is restarting refuses connections for a moment: opening waits for it that long, no longer, so a
    // wrong URL or a server that is down is still one clear error within seconds.
    config.setInitializationFailTimeout(OPEN_WAIT_MS);
    config.setConnectionInitSql(SESSION_SETTINGS);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot connect to the PostgreSQL store " + url + ": "
          + rootMessage(e) + " (is the server running, and are the user, password and database right?)", e);
    }
    Database db = new Database(url, pool);
    try {
      db.warnIfNotDurable();
      db.migrate();
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  PostgresUrl url() {
    return url;
  }

  /** A connection of the pool, in auto-commit mode (a transaction turns it off and the pool resets it). */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** A connection of its own, outside the pool: the listener's, held as long as it listens. */
  Connection dedicatedConnection() throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.properties());
  }

  /**
   * Brings the schema to {@link #LATEST_SCHEMA}. When the schema is there already (every open but the first), one
   * query says so and Flyway is not even loaded; when a newer snap-mcp migrated it further, the store refuses it, as
   * the file store refuses a newer document.
   */
  private void migrate() {
    int applied = appliedSchema();
    if (applied > LATEST_SCHEMA) {
      throw new StoreException(StoreException.Kind.NEWER_VERSION, "the PostgreSQL store " + url + " was laid out by"
          + " a newer snap-mcp (schema version " + applied + ", this snap-mcp knows up to " + LATEST_SCHEMA
          + "): use that snap-mcp, or another schema");
    }
    if (applied == LATEST_SCHEMA) {
      return;
    }
    Migrations.run(pool, url);
  }

  /** A server with fsync off can lose committed changes in a crash, whatever the store does: say so, once. */
  private void warnIfNotDurable() {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement("SELECT current_setting('fsync')");
        ResultSet rs = s.executeQuery()) {
      if (rs.next() && "off".equals(rs.getString(1))) {
        LOG.warn("the PostgreSQL server of {} runs with fsync off: a crash of that machine can lose changes the store"
            + " reported as done", url);
      }
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read the settings of the PostgreSQL store " + url
          + ": " + e.getMessage(), e);
    }
  }

  /** The newest migration applied to the schema, 0 when none (no schema or no history table yet). */
  private int appliedSchema() {
    String table = url.schema() + "." + HISTORY_TABLE; // the schema is a checked plain identifier
    try (Connection c = connection();
        PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, table);
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
      List<String> versions = new ArrayList<>();
      try (PreparedStatement applied = c.prepareStatement(
          "SELECT version FROM " + table + " WHERE success AND version IS NOT NULL");
          ResultSet rs = applied.executeQuery()) {
        while (rs.next()) {
          versions.add(rs.getString(1));
        }
      }
      int newest = 0;
      for (String v : versions) {
        newest = Math.max(newest, majorOf(v));
      }
      return newest;
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read the schema version of the PostgreSQL store "
          + url + ": " + e.getMessage(), e);
    }
  }

  private static int majorOf(String version) {
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // not ours to understand: refused as newer
    }
  }

  /** What went wrong, in the driver's words where there are some (they name host, port, user and database). */
  static String rootMessage(Throwable e) {
    String deepest = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        return t.getMessage();
      }
      deepest = t.getMessage() != null ? t.getMessage() : deepest;
    }
    return String.valueOf(deepest);
  }

  @Override
  public void close() {
    pool.close();
  }
}
