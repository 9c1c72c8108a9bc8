package dev.snapmcp.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StoreException;
import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The schema is laid out by Flyway once, whoever opens the store first and however many open it at once; opening an
 * up-to-date schema changes nothing; a schema a newer snap-mcp migrated is refused, as a newer file is.
 */
class MigrationsTest {

  private final TestSchema schema = TestSchema.create();
  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void close() {
    schema.close();
    state.close();
  }

  private SessionStore open() {
    return SessionStores.open(schema.url(), state.path(), Clock.systemUTC());
  }

  @Test
  void migrationsRunOnceAndAgainChangeNothing() throws Exception {
    String id;
    try (SessionStore first = open()) {
      id = first.create(Duration.ofHours(1)).session().id();
    }
    try (SessionStore second = open()) {
      assertTrue(second.get(id).isPresent());
    }
    assertEquals(List.of("1", "2"), appliedVersions());
    PostgresUrl url = PostgresUrl.parse(schema.url());
    int executed = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.properties().getProperty("user"), url.properties().getProperty("password"))
        .schemas(schema.name()).table(Database.HISTORY_TABLE).locations(Database.MIGRATIONS).load()
        .migrate().migrationsExecuted;
    assertEquals(0, executed, "Flyway itself finds the schema up to date");
    try (SessionStore third = open()) {
      assertEquals(1, third.list().size());
      assertEquals(1, third.revision());
    }
  }

  @Test
  void manyFirstOpensAtOnceLayTheSchemaOutOnce() throws Exception {
    List<CompletableFuture<Integer>> opens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      opens.add(CompletableFuture.supplyAsync(() -> {
        try (SessionStore store = open()) {
          store.create(Duration.ofHours(1));
          return store.list().size();
        }
      }));
    }
    for (CompletableFuture<Integer> open : opens) {
      assertTrue(open.get(60, TimeUnit.SECONDS) >= 1);
    }
    assertEquals(List.of("1", "2"), appliedVersions());
    try (SessionStore store = open()) {
      assertEquals(4, store.list().size());
      assertEquals(4, store.revision());
    }
  }

  @Test
  void aSchemaANewerSnapMcpMigratedIsRefused() throws Exception {
    open().close();
    schema.execute("INSERT INTO " + Database.HISTORY_TABLE + " (installed_rank, version, description, type, script,"
        + " checksum, installed_by, execution_time, success) VALUES (99, '" + (Database.LATEST_SCHEMA + 1)
        + "', 'a newer one', 'SQL', 'V" + (Database.LATEST_SCHEMA + 1) + "__newer.sql', 0, 'test', 0, true)");
    StoreException e = assertThrows(StoreException.class, this::open);
    assertEquals(StoreException.Kind.NEWER_VERSION, e.kind());
    assertTrue(e.getMessage().contains("schema version " + (Database.LATEST_SCHEMA + 1)), e.getMessage());
  }

  @Test
  void latestSchemaIsTheNewestMigrationFile() throws Exception {
    Path folder = Path.of(Database.class.getResource("migration").toURI());
    Pattern name = Pattern.compile("V(\\d+)__\\w+\\.sql");
    int newest = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = name.matcher(f.getFileName().toString());
        assertTrue(m.matches(), "a migration is named V<n>__<what>.sql: " + f.getFileName());
        newest = Math.max(newest, Integer.parseInt(m.group(1)));
      }
    }
    assertEquals(newest, Database.LATEST_SCHEMA);
  }

  private List<String> appliedVersions() throws Exception {
    List<String> versions = new ArrayList<>();
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM " + Database.HISTORY_TABLE
            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
    }
    return versions;
  }
}
