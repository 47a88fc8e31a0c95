package dev.cairn.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading typed values out of composed YAML nodes. Every conversion either returns a value or
 * records an error at the node's position and returns {@code null}, so that checking continues and
 * all problems are reported together.
 */
final class Ctx {
  final Problems problems;

  /** Policy names referenced by neighbors, checked once all policies are known. */
  final List<PolicyReference> policyRefs = new ArrayList<>();

  record PolicyReference(String name, Node node) {}

  Ctx(Problems problems) {
    this.problems = problems;
  }

  void error(Node node, String message) {
    problems.at(node, message);
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && isNullText(s.getValue());
  }

  private static boolean isNullText(String v) {
    return v.isEmpty() || v.equals("~") || v.equalsIgnoreCase("null");
  }

  static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(n)) {
      return "nothing";
    }
    return "'" + ((ScalarNode) n).getValue() + "'";
  }

  /** A scalar's text, whatever YAML type it resolved to (so {@code 65001:10} stays text). */
  String text(Node n, String what) {
    if (n instanceof ScalarNode s && !isNull(n)) {
      return s.getValue();
    }
    error(n, what + " must be a string, found " + describe(n));
    return null;
  }

  Boolean bool(Node n, String what) {
    if (n instanceof ScalarNode s) {
      switch (s.getValue()) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        default:
          break;
      }
    }
    error(n, what + " must be true or false, found " + describe(n));
    return null;
  }

  Long integer(Node n, String what, long min, long max) {
    if (n instanceof ScalarNode s && s.getValue().matches("-?[0-9]{1,19}")) {
      long v;
      try {
        v = Long.parseLong(s.getValue());
      } catch (NumberFormatException e) {
        v = Long.MAX_VALUE;
      }
      if (v < min || v > max) {
        error(n, what + " must be between " + min + " and " + max + ", found " + s.getValue());
        return null;
      }
      return v;
    }
    error(n, what + " must be an integer, found " + describe(n));
    return null;
  }

  Integer integer32(Node n, String what, int min, int max) {
    Long v = integer(n, what, min, max);
    return v == null ? null : v.intValue();
  }

  Duration duration(Node n, String what, Duration min, Duration max) {
    Duration d = parse(n, what, Durations::parse);
    if (d == null) {
      return null;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      error(
          n,
          what
              + " must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max)
              + ", found "
              + ((ScalarNode) n).getValue());
      return null;
    }
    return d;
  }

  /** Parses a scalar with {@code parser}; its IllegalArgumentException message is the error. */
  <T> T parse(Node n, String what, Function<String, T> parser) {
    if (!(n instanceof ScalarNode) || isNull(n)) {
      error(n, what + " must be a single value, found " + describe(n));
      return null;
    }
    String t = ((ScalarNode) n).getValue();
    try {
      return parser.apply(t);
    } catch (IllegalArgumentException e) {
      error(n, e.getMessage());
      return null;
    }
  }

  /** One of a fixed set of spellings. */
  <E> E choice(Node n, String what, Map<String, E> options) {
    String t = text(n, what);
    if (t == null) {
      return null;
    }
    E e = options.get(t);
    if (e == null) {
      error(
          n,
          what
              + " must be one of "
              + String.join(", ", options.keySet())
              + ", found '"
              + t
              + "'"
              + Suggest.didYouMean(t, options.keySet()));
    }
    return e;
  }

  List<Node> list(Node n, String what) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    error(n, what + " must be a list, found " + describe(n));
    return null;
  }

  /** A mapping with the given keys; unknown and duplicate keys are reported. */
  MapReader map(Node n, String what, Collection<String> keys) {
    if (n instanceof MappingNode m) {
      return new MapReader(this, m, what, keys);
    }
    error(n, what + " must be a mapping, found " + describe(n));
    return null;
  }

  /** Converts each item of a list; items that fail are reported and skipped. */
  <T> List<T> each(Node n, String what, Function<Node, T> item) {
    List<T> out = new ArrayList<>();
    List<Node> items = list(n, what);
    if (items != null) {
      for (Node i : items) {
        T t = item.apply(i);
        if (t != null) {
          out.add(t);
        }
      }
    }
    return out;
  }

  static <T> Optional<T> opt(T t) {
    return Optional.ofNullable(t);
  }
}
