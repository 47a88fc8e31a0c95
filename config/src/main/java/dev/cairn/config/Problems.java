package dev.cairn.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects errors while a file is checked, so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void at(Node node, String message) {
    at(node.getStartMark(), message);
  }

  void at(Mark mark, String message) {
    if (mark == null) {
      errors.add(new ConfigError(file, 1, 1, message));
    } else {
      errors.add(new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, message));
    }
  }

  void whole(String message) {
    errors.add(new ConfigError(file, 0, 0, message));
  }

  boolean any() {
    return !errors.isEmpty();
  }

  int count() {
    return errors.size();
  }

  ConfigException exception() {
    return new ConfigException(errors);
  }
}
