package dev.snapmcp.store.postgres;

import dev.snapmcp.testkit.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A fresh, empty schema on a real server for one test (the shared one unless given another): the store lays its tables
 * out there on first open; {@link #close()} drops it with everything in it.
 */
final class TestSchema implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresServer server;
  private final String name;

  private TestSchema(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
  }

  static TestSchema create() {
    return on(PostgresServer.shared());
  }

  static TestSchema on(PostgresServer server) {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return new TestSchema(server, "t_" + HexFormat.of().formatHex(bytes));
  }

  String name() {
    return name;
  }

  /** The URL of a store in this schema, as {@code --store} takes it. */
  String url() {
    return server.url(name);
  }

  /**
   * The URL of a store in this schema that connects through {@code proxy}, with pgjdbc sending every statement's text
   * (so that the proxy can find a {@code COMMIT}), under the application name {@code app}.
   */
  String urlThrough(CuttingProxy proxy, String app) {
    String url = url();
    int authority = url.indexOf("://") + 3;
    int slash = url.indexOf('/', authority);
    int at = url.lastIndexOf('@', slash);
    int host = at >= authority ? at + 1 : authority;
    return url.substring(0, host) + "localhost:" + proxy.port() + url.substring(slash)
        + "&prepareThreshold=0&application_name=" + app;
  }

  /** A proxy to this schema's server. */
  CuttingProxy proxy() {
    return CuttingProxy.to(PostgresUrl.parse(url()).jdbcUrl());
  }

  /** A connection of the test's own, with this schema first in its search path. */
  Connection connect() throws SQLException {
    PostgresUrl url = PostgresUrl.parse(url());
    Properties props = new Properties();
    props.putAll(url.properties());
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  /** Runs {@code sql} on a connection of the test's own. */
  void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }
}
