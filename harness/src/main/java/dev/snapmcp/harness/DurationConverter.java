package dev.snapmcp.harness;

import dev.snapmcp.core.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The harness's options that take a duration ({@code --crash-every}, {@code --think-time}, {@code
 * --kill-bridge-every}) read it in core's {@link Durations} syntax, the one snap-mcp's command line reads ({@code
 * 500ms}, {@code 2s}, {@code 1h30m}), where a bare number is seconds ({@code 2}, {@code 0.5}): QA has always written
 * {@code --crash-every 1}.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parseSecondsByDefault(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
