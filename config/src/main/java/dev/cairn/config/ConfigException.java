package dev.cairn.config;

import java.util.List;

/** A configuration file with problems: every one of them, as {@code FILE:LINE:COLUMN: message}. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /** One line per problem, in file order. */
  public List<String> errors() {
    return errors;
  }
}
