package dev.cairn.config;

import java.util.Comparator;

/**
 * One problem in a configuration file, at a 1-based line and column. Line 0 means the problem is
 * about the file as a whole (for example, it cannot be read).
 */
public record ConfigError(String file, int line, int column, String message)
    implements Comparable<ConfigError> {

  private static final Comparator<ConfigError> ORDER =
      Comparator.comparing(ConfigError::file)
          .thenComparingInt(ConfigError::line)
          .thenComparingInt(ConfigError::column)
          .thenComparing(ConfigError::message);

  @Override
  public int compareTo(ConfigError o) {
    return ORDER.compare(this, o);
  }

  /** {@code FILE:LINE:COLUMN: message}, the format editors and CI jump to. */
  @Override
  public String toString() {
    return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
  }
}
