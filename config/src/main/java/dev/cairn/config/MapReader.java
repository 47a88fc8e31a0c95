package dev.cairn.config;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping with a known set of keys. Unknown keys (with a suggestion for near misses) and
 * duplicate keys are reported when the reader is made; a key whose value is null ({@code key:} or
 * {@code key: ~}) counts as absent.
 */
final class MapReader {
  private final Ctx ctx;
  private final MappingNode node;
  private final String what;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  MapReader(Ctx ctx, MappingNode node, String what, Collection<String> keys) {
    this.ctx = ctx;
    this.node = node;
    this.what = what;
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks) || Ctx.isNull(k)) {
        ctx.error(k, "keys in " + what + " must be strings, found " + Ctx.describe(k));
        continue;
      }
      String key = ks.getValue();
      if (!keys.contains(key)) {
        ctx.error(k, "unknown key '" + key + "' in " + what + Suggest.didYouMean(key, keys));
        continue;
      }
      NodeTuple first = entries.get(key);
      if (first != null) {
        ctx.error(
            k,
            "duplicate key '"
                + key
                + "' in "
                + what
                + " (first at line "
                + (first.getKeyNode().getStartMark().getLine() + 1)
                + ")");
        continue;
      }
      entries.put(key, t);
    }
  }

  MappingNode node() {
    return node;
  }

  String what() {
    return what;
  }

  /** The value node, or null when the key is absent or its value is null. */
  Node get(String key) {
    NodeTuple t = entries.get(key);
    if (t == null || Ctx.isNull(t.getValueNode())) {
      return null;
    }
    return t.getValueNode();
  }

  boolean has(String key) {
    return get(key) != null;
  }

  Node keyNode(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? node : t.getKeyNode();
  }

  /** The value node; when absent an error says so (at the key if it has an empty value). */
  Node required(String key) {
    Node v = get(key);
    if (v == null) {
      NodeTuple t = entries.get(key);
      if (t != null) {
        ctx.error(t.getValueNode(), key + " in " + what + " must not be empty");
      } else {
        ctx.error(position(), "missing required key '" + key + "' in " + what);
      }
    }
    return v;
  }

  String string(String key, String dflt) {
    Node v = get(key);
    if (v == null) {
      return dflt;
    }
    String s = ctx.text(v, key);
    return s == null ? dflt : s;
  }

  Optional<String> optString(String key) {
    Node v = get(key);
    return v == null ? Optional.empty() : Optional.ofNullable(ctx.text(v, key));
  }

  boolean bool(String key, boolean dflt) {
    Node v = get(key);
    if (v == null) {
      return dflt;
    }
    Boolean b = ctx.bool(v, key);
    return b == null ? dflt : b;
  }

  long integer(String key, long min, long max, long dflt) {
    Node v = get(key);
    if (v == null) {
      return dflt;
    }
    Long l = ctx.integer(v, key, min, max);
    return l == null ? dflt : l;
  }

  int int32(String key, int min, int max, int dflt) {
    return (int) integer(key, min, max, dflt);
  }

  Duration duration(String key, Duration min, Duration max, Duration dflt) {
    Node v = get(key);
    if (v == null) {
      return dflt;
    }
    Duration d = ctx.duration(v, key, min, max);
    return d == null ? dflt : d;
  }

  <T> T parse(String key, Function<String, T> parser, T dflt) {
    Node v = get(key);
    if (v == null) {
      return dflt;
    }
    T t = ctx.parse(v, key, parser);
    return t == null ? dflt : t;
  }

  <T> Optional<T> optParse(String key, Function<String, T> parser) {
    Node v = get(key);
    return v == null ? Optional.empty() : Optional.ofNullable(ctx.parse(v, key, parser));
  }

  <E> E choice(String key, Map<String, E> options, E dflt) {
    Node v = get(key);
    if (v == null) {
      return dflt;
    }
    E e = ctx.choice(v, key, options);
    return e == null ? dflt : e;
  }

  /** A nested mapping; absent gives an empty reader so that defaults apply. */
  MapReader map(String key, Collection<String> keys) {
    Node v = get(key);
    if (v == null) {
      return new MapReader(
              ctx, new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.AUTO), key, keys)
          .at(keyNode(key));
    }
    MapReader r = ctx.map(v, key, keys);
    return r == null
        ? new MapReader(
                ctx, new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.AUTO), key, keys)
            .at(v)
        : r;
  }

  private Node anchor;

  private MapReader at(Node where) {
    this.anchor = where;
    return this;
  }

  /** Where errors about the mapping as a whole are reported. */
  Node position() {
    return anchor != null ? anchor : node;
  }
}
