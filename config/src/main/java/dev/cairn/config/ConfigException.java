package dev.cairn.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration file, sorted by position. Never empty. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = errors.stream().sorted().collect(Collectors.toUnmodifiableList());
  }

  /** The problems, sorted by file, line, column. */
  public List<ConfigError> errors() {
    return errors;
  }

  /** One {@code FILE:LINE:COLUMN: message} per line, sorted by position. */
  @Override
  public String toString() {
    return getMessage();
  }

  private static String render(List<ConfigError> errors) {
    return errors.stream().sorted().map(ConfigError::toString).collect(Collectors.joining("\n"));
  }
}
