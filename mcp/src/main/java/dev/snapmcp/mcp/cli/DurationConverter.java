package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli's face of core's {@link Durations#parse}, the project's one duration syntax ({@code 500ms}, {@code 45s},
 * {@code 30m}, {@code 2h}, {@code 1d}, {@code 1h30m}; a bare number is refused): a mistake becomes a usage error
 * quoting it. The harness has its own small adapter over the same parser, so it needs nothing from this module.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The short form back: {@code 30m}, {@code 1h30m}, {@code 500ms}. */
  static String format(Duration d) {
    return Durations.format(d);
  }
}
