package dev.snapmcp.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * snap-mcp's version, one number for the whole product: the bridge's welcome and health, its record in the store, the
 * MCP server's {@code serverInfo}, {@code snap-mcp --version}. Its one source is the parent pom's {@code
 * snap-mcp.version}, which Maven's resource filtering writes into {@code version.properties} beside this class; the
 * extension's copies are checked against it by a test in transport-netty ({@code ExtensionCopiesTest}).
 */
public final class Version {

  private static final String RESOURCE = "version.properties";

  /** The version, e.g. {@code 0.1.0}. */
  public static final String CURRENT = read();

  private Version() {}

  private static String read() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing beside " + Version.class.getName()
            + ": build snap-mcp with Maven, which writes it");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String version = properties.getProperty("version", "").strip();
    if (version.isEmpty() || version.contains("${")) {
      throw new IllegalStateException(RESOURCE + " holds no version (\"" + version + "\"): build snap-mcp with Maven,"
          + " whose resource filtering fills it in from the parent pom's snap-mcp.version");
    }
    return version;
  }
}
