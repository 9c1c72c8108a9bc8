package dev.snapmcp.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's one duration syntax, read by every command line (snap-mcp's picocli converter and the harness's are
 * thin adapters over this class): whole numbers with a unit, one or several in a row, in any order: {@code 500ms},
 * {@code 45s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 1h30m} (units {@code ms}, {@code s}, {@code m}, {@code h},
 * {@code d}; any case; no spaces between the parts; spaces around ignored; no sign).
 *
 * <p>A bare number is refused by {@link #parse}: for a session's lifetime, {@code --ttl 10} could mean minutes as
 * easily as seconds. Options documented in seconds (the harness's {@code --crash-every S}) read it with {@link
 * #parseSecondsByDefault}, where a bare number, with an optional fraction ({@code 2}, {@code 0.5}), is seconds.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WITH_UNITS = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern BARE_SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

  private Durations() {}

  /**
   * Reads a duration with its units: {@code 500ms}, {@code 45s}, {@code 1h30m}.
   *
   * @throws IllegalArgumentException with a message for the person who wrote {@code text}, quoting it, when it is not a
   *     duration or too long for {@link Duration}
   */
  public static Duration parse(String text) {
    return read(text, false);
  }

  /**
   * Like {@link #parse}, and a bare number counts as seconds: {@code 2}, {@code 0.5}, {@code 0}; for options that say
   * they take seconds.
   *
   * @throws IllegalArgumentException as {@link #parse} does
   */
  public static Duration parseSecondsByDefault(String text) {
    return read(text, true);
  }

  private static Duration read(String text, boolean bareSeconds) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    try {
      if (bareSeconds && BARE_SECONDS.matcher(trimmed).matches()) {
        BigDecimal seconds = new BigDecimal(trimmed);
        BigDecimal nanos = seconds.remainder(BigDecimal.ONE).movePointRight(9).setScale(0, RoundingMode.DOWN);
        return Duration.ofSeconds(seconds.toBigInteger().longValueExact(), nanos.longValueExact());
      }
      if (WITH_UNITS.matcher(trimmed).matches()) {
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(trimmed);
        while (m.find()) {
          total = total.plus(part(Long.parseLong(m.group(1)), m.group(2)));
        }
        return total;
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. "
        + (bareSeconds ? "2 or 0.5 (seconds), " : "") + "500ms, 45s, 30m, 2h or 1h30m");
  }

  private static Duration part(long n, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * The short form back, as {@link #parse} reads it: {@code 30m}, {@code 1h30m}, {@code 500ms}, {@code 0s}. Parts
   * below a millisecond are left out.
   */
  public static String format(Duration d) {
    StringBuilder out = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      out.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      out.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      out.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      out.append(d.toMillisPart()).append("ms");
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
