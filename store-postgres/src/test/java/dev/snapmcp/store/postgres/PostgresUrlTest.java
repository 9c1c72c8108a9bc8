package dev.snapmcp.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.SessionStores;
import org.junit.jupiter.api.Test;

/** Reading {@code --store} URLs: libpq's URIs and pgjdbc's URLs, the schema, and a password that never shows. */
class PostgresUrlTest {

  @Test
  void aLibpqUriBecomesAJdbcUrlWithItsCredentialsAsProperties() {
    PostgresUrl url = PostgresUrl.parse("postgresql://snap%40school:p%2Fss+w%3Ard@db.example.org:5433/class%20rooms"
        + "?sslmode=require&application_name=room-7");
    assertEquals("jdbc:postgresql://db.example.org:5433/class%20rooms", url.jdbcUrl());
    assertEquals("snap@school", url.properties().getProperty("user"));
    assertEquals("p/ss+w:rd", url.properties().getProperty("password"), "percent-decoded, a + kept");
    assertEquals("require", url.properties().getProperty("sslmode"));
    assertEquals("room-7", url.properties().getProperty("ApplicationName"), "libpq's name, pgjdbc's property");
    assertEquals(PostgresUrl.DEFAULT_SCHEMA, url.schema());
    assertEquals("snap_mcp", url.properties().getProperty("currentSchema"));
    assertEquals("snap_mcp_sessions", url.channel());
    assertFalse(url.display().contains("p%2Fss"), url.display());
    assertFalse(url.toString().contains("p%2Fss"), url.toString());
  }

  @Test
  void libpqDefaultsHoldForAnEmptyHostAndDatabase() {
    PostgresUrl url = PostgresUrl.parse("postgres://teacher@/");
    assertEquals("jdbc:postgresql://localhost/teacher", url.jdbcUrl(), "the user's own database, over TCP");
    assertEquals("teacher", url.properties().getProperty("user"));
  }

  @Test
  void aJdbcUrlIsUsedAsItIsAndItsSchemaRead() {
    String jdbc = "jdbc:postgresql://localhost:5432/snap?user=u&password=secret&currentSchema=room_7";
    PostgresUrl url = PostgresUrl.parse(jdbc);
    assertEquals(jdbc, url.jdbcUrl());
    assertEquals("room_7", url.schema());
    assertEquals("room_7_sessions", url.channel());
    assertEquals("jdbc:postgresql://localhost:5432/snap?user=u&password=***&currentSchema=room_7", url.display());
  }

  @Test
  void aSchemaThatIsNotAPlainNameIsRefused() {
    for (String schema : new String[] {"Room7", "a;drop", "x\"y", "a".repeat(55), "7rooms"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PostgresUrl.parse("postgresql://u:secret@h/db?currentSchema=" + schema), schema);
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }

  @Test
  void onlyPostgresqlSchemesAreSupported() {
    assertTrue(PostgresUrl.supports("postgresql://h/db"));
    assertTrue(PostgresUrl.supports("POSTGRES://h/db"));
    assertTrue(PostgresUrl.supports(" jdbc:postgresql://h/db"));
    assertFalse(PostgresUrl.supports("mysql://h/db"));
    assertFalse(PostgresUrl.supports("/var/lib/snap-mcp"));
    assertFalse(PostgresUrl.supports(null));
  }

  @Test
  void redactionHidesEveryFormOfPassword() {
    assertEquals("postgresql://u:***@h:5432/db", SessionStores.redact("postgresql://u:secret@h:5432/db"));
    assertEquals("postgresql://u@h/db", SessionStores.redact("postgresql://u@h/db"));
    assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true",
        SessionStores.redact("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"));
    assertEquals("postgresql://h/db?PASSWORD=***", SessionStores.redact("postgresql://h/db?PASSWORD=x"));
  }

  @Test
  void aCutEscapeIsRefusedWithoutShowingThePassword() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PostgresUrl.parse("postgresql://u:secret%2@h/db"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
