package dev.snapmcp.harness;

import dev.snapmcp.core.SessionStores;
import dev.snapmcp.testkit.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The PostgreSQL server of the harness's {@code postgres} runs: one it starts itself from the embedded binaries
 * (which it can restart in the middle of a run), or the one {@code --pg-url} names. Each run gets a schema of its own,
 * so runs never see each other's sessions; a run that went as expected has its schema dropped. URLs here are JDBC
 * URLs ({@code jdbc:postgresql://host:port/db?user=…&password=…}): the store takes them as they are, and so does the
 * reader's own connection.
 */
final class HarnessDatabase implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresServer server;
  private final String givenUrl;

  private HarnessDatabase(PostgresServer server, String givenUrl) {
    this.server = server;
    this.givenUrl = givenUrl;
  }

  /**
   * The server {@code jdbcUrl} names, or (null) an embedded one started now and stopped by {@link #close()}.
   *
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a {@code jdbc:postgresql:} URL
   */
  static HarnessDatabase start(String jdbcUrl) {
    if (jdbcUrl != null) {
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--pg-url takes a JDBC URL,"
            + " jdbc:postgresql://HOST:PORT/DB?user=U&password=P, not " + SessionStores.redact(jdbcUrl));
      }
      return new HarnessDatabase(null, jdbcUrl);
    }
    return new HarnessDatabase(PostgresServer.startEmbedded(), null);
  }

  /** The server's JDBC URL. */
  String baseUrl() {
    return givenUrl != null ? givenUrl : server.jdbcUrl();
  }

  /** Whether the harness started the server, and so can restart it. */
  boolean canRestart() {
    return server != null;
  }

  /** A URL whose tables live in a new, empty schema named after {@code run}. */
  String newSchemaUrl(String run) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    String schema = ("h_" + run.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
        + HexFormat.of().formatHex(bytes));
    schema = schema.length() <= 54 ? schema : schema.substring(0, 45) + "_" + HexFormat.of().formatHex(bytes);
    String base = baseUrl();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * Restarts the server as an operator would: a fast shutdown (open transactions rolled back, connections cut), then
   * a start on the same data and port. Returns how long it was down.
   */
  Duration restart() {
    long t0 = System.nanoTime();
    server.restart();
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** Drops the schema of a store {@code url} names (after a run that went as expected). */
  void dropSchema(String url) {
    String schema = url.substring(url.lastIndexOf("currentSchema=") + "currentSchema=".length());
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); // a name newSchemaUrl made: [a-z0-9_]
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema + " of " + SessionStores.redact(url) + ": "
          + e.getMessage(), e);
    }
  }

  /** A plain JDBC connection to a run's schema (the URL names it as pgjdbc's currentSchema). */
  static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
