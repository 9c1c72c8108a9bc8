package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one duration syntax: every form snap-mcp's command line and the harness have accepted, bare seconds only where
 * asked for, and refusals that quote what was written.
 */
class DurationsTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
      // one part with each unit (snap-mcp's --ttl and --timeout, the harness's --kill-bridge-every and --think-time)
      "500ms, 500",
      "45s, 45000",
      "30m, 1800000",
      "2h, 7200000",
      "1d, 86400000",
      "0s, 0",
      "0ms, 0",
      // several parts in a row, in any order, any case, spaces around ignored
      "1h30m, 5400000",
      "1d2h3m4s5ms, 93784005",
      "30m1h, 5400000",
      "1H30M, 5400000",
      "'  45s ', 45000",
      "1s1s, 2000",
  })
  void readsDurationsWithUnitsEitherWay(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    assertEquals(Duration.ofMillis(millis), Durations.parseSecondsByDefault(text));
  }

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({"0, 0", "2, 2000", "0.5, 500", "1.25, 1250", "' 3 ', 3000", "120, 120000"})
  void readsBareNumbersAsSecondsOnlyWhereAskedFor(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parseSecondsByDefault(text));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is not a duration; write e.g. 500ms, 45s, 30m, 2h or 1h30m", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"0.000000001, 1", "1.0000000019, 1000000001", "0.0000000009, 0"})
  void bareSecondsKeepNanosecondsAndDropWhatIsFiner(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), Durations.parseSecondsByDefault(text));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "s", "ms", "5x", "5 s", "1h 30m", "-1s", "-2", "+2", "1.5s", ".5", "5.", "1e3", "1,5",
      "PT5S", "five seconds", "5sec", "5mins"})
  void refusesWhatIsNotADurationQuotingIt(String text) {
    IllegalArgumentException strict = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is not a duration; write e.g. 500ms, 45s, 30m, 2h or 1h30m", strict.getMessage());
    IllegalArgumentException seconds =
        assertThrows(IllegalArgumentException.class, () -> Durations.parseSecondsByDefault(text));
    assertEquals("'" + text + "' is not a duration; write e.g. 2 or 0.5 (seconds), 500ms, 45s, 30m, 2h or 1h30m",
        seconds.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9223372036854775807d", "9223372036854775807s9223372036854775807s"})
  void refusesWhatDurationCannotHold(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is too long a duration", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "9223372036854775808"})
  void refusesBareSecondsDurationCannotHold(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parseSecondsByDefault(text));
    assertEquals("'" + text + "' is too long a duration", e.getMessage());
  }

  @ParameterizedTest(name = "{1} -> {0}")
  @CsvSource({"0s, 0", "500ms, 500", "45s, 45000", "1h30m, 5400000", "1d2h3m4s5ms, 93784005", "2d, 172800000"})
  void formatsTheShortFormParseReadsBack(String text, long millis) {
    assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    assertEquals(Duration.ofMillis(millis), Durations.parse(Durations.format(Duration.ofMillis(millis))));
  }
}
