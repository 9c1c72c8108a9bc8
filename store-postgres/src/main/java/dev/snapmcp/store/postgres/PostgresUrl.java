package dev.snapmcp.store.postgres;

import dev.snapmcp.core.SessionStores;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where the store is, read from what a person writes after {@code --store}: a libpq connection URI, {@code
 * postgresql://user:password@host:port/db?param=value} (or {@code postgres://…}), as psql takes it, or a JDBC URL,
 * {@code jdbc:postgresql://host:port/db?user=…&password=…}, as pgjdbc takes it. The store's tables live in one schema:
 * pgjdbc's {@code currentSchema} parameter if the URL has one, else {@value #DEFAULT_SCHEMA}.
 *
 * @param jdbcUrl what pgjdbc connects to, without the user and password of a libpq URI
 * @param properties the connection's properties: the user and password of a libpq URI, the schema, the application name
 * @param schema the schema holding the store's tables (a plain lower-case identifier)
 * @param display the URL as given, without its password: what messages and logs show
 */
record PostgresUrl(String jdbcUrl, Properties properties, String schema, String display) {

  /** The schema of the store's tables when the URL names none. */
  static final String DEFAULT_SCHEMA = "snap_mcp";

  /** Lower-case, unquoted, and short enough that {@code <schema>_sessions} is still a PostgreSQL identifier. */
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,53}");

  /** libpq's names of the parameters whose pgjdbc names differ. */
  private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
      "application_name", "ApplicationName",
      "connect_timeout", "connectTimeout",
      "target_session_attrs", "targetServerType");

  /** Whether {@code url} is a PostgreSQL URL, from its scheme alone. */
  static boolean supports(String url) {
    String lower = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql:");
  }

  /**
   * Reads {@code url}.
   *
   * @throws IllegalArgumentException naming the URL (without its password) when it cannot be used
   */
  static PostgresUrl parse(String url) {
    String given = url.strip();
    String display = SessionStores.redact(given);
    if (!supports(given)) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + display);
    }
    Properties props = new Properties();
    String jdbcUrl;
    String query;
    if (given.regionMatches(true, 0, "jdbc:", 0, 5)) {
      jdbcUrl = given;
      int q = given.indexOf('?');
      query = q < 0 ? "" : given.substring(q + 1);
      readQuery(query, props, false, display); // only to learn the schema: pgjdbc reads the URL itself
    } else {
      String rest = given.substring(given.indexOf("://") + 3);
      int q = rest.indexOf('?');
      query = q < 0 ? "" : rest.substring(q + 1);
      rest = q < 0 ? rest : rest.substring(0, q);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String database = slash < 0 ? "" : decode(rest.substring(slash + 1), display);
      int at = authority.lastIndexOf('@');
      String hosts = at < 0 ? authority : authority.substring(at + 1);
      if (at >= 0) {
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), display);
        if (!user.isEmpty()) {
          props.setProperty("user", user);
        }
        if (colon >= 0) {
          props.setProperty("password", decode(userInfo.substring(colon + 1), display));
        }
      }
      if (database.isEmpty()) {
        database = props.getProperty("user", ""); // libpq's default database is the user's own
      }
      // libpq's empty host means its Unix socket; pgjdbc speaks TCP, and the server listens on localhost by default.
      jdbcUrl = "jdbc:postgresql://" + (hosts.isEmpty() ? "localhost" : hosts) + "/" + encodePath(database);
      readQuery(query, props, true, display);
    }
    String schema = props.getProperty("currentSchema", DEFAULT_SCHEMA);
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("the schema of " + display + " must be a plain lower-case name of at most"
          + " 54 characters (letters, digits, _), not '" + schema + "'");
    }
    props.setProperty("currentSchema", schema);
    props.putIfAbsent("ApplicationName", "snap-mcp");
    props.putIfAbsent("tcpKeepAlive", "true");
    props.putIfAbsent("connectTimeout", "10");
    return new PostgresUrl(jdbcUrl, props, schema, display);
  }

  /** The notification channel of this store's schema: every commit that changes a session notifies its id there. */
  String channel() {
    return schema + "_sessions";
  }

  @Override
  public String toString() {
    return display; // never the password
  }

  /** Reads {@code a=b&c=d} into {@code props} (libpq names renamed when {@code libpq}). */
  private static void readQuery(String query, Properties props, boolean libpq, String display) {
    if (query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), display);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), display);
      props.setProperty(libpq ? LIBPQ_TO_PGJDBC.getOrDefault(name, name) : name, value);
    }
  }

  /** RFC 3986 percent-decoding (a {@code +} stays a plus, unlike form decoding). */
  private static String decode(String text, String display) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("a % escape is cut short in " + display);
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("a % escape is not two hex digits in " + display);
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A database name as a JDBC URL's path: percent-encodes what would end or break it. */
  private static String encodePath(String database) {
    StringBuilder out = new StringBuilder();
    for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
