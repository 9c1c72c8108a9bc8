package dev.snapmcp.core;

import java.util.Locale;
import java.util.Optional;

/**
 * What a teacher lets the assistant do (issue 15): {@code build} (everything, the default), {@code guide} (read, run,
 * stop, look, explain: no change to the project), {@code observe} (read and look only). Which tools each allows is
 * decided in the MCP server; this type is only the setting, shared by every process through {@link TeachFile}.
 */
public enum TeachMode {
  BUILD,
  GUIDE,
  OBSERVE;

  /** The name on the command line and in {@code teach.json}: {@code build}, {@code guide}, {@code observe}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode of that name, if it is one. */
  public static Optional<TeachMode> parse(String name) {
    for (TeachMode mode : values()) {
      if (mode.wire().equals(name)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
