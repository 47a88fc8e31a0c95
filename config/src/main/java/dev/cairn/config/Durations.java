package dev.cairn.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code
 * 1d}, and sums such as {@code 1m30s}. A bare number is rejected because "90" could mean seconds or
 * milliseconds depending on which daemon the operator last configured.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message for the operator
   */
  public static Duration parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty duration (expected e.g. 90s, 5m, 500ms, 1h)");
    }
    if (text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "duration '" + text + "' needs a unit (did you mean " + text + "s?)");
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "' (expected e.g. 90s, 5m, 500ms, 1h)");
      }
      long n = Long.parseLong(m.group(1));
      try {
        switch (m.group(2)) {
          case "ms" -> total = total.plusMillis(n);
          case "s" -> total = total.plusSeconds(n);
          case "m" -> total = total.plusMinutes(n);
          case "h" -> total = total.plusHours(n);
          default -> total = total.plusDays(n);
        }
      } catch (ArithmeticException e) { // a sum of parts beyond java.time.Duration's range
        throw new IllegalArgumentException("duration is too long");
      }
      at = m.end();
    }
    return total;
  }

  /** The shortest spelling in one unit that is exact: 90s, 2m, 500ms, 1h. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms >= 120_000) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
