package dev.cairn.config;

import dev.cairn.config.Policy.Action;
import dev.cairn.config.Policy.AsPathPrepend;
import dev.cairn.config.Policy.Match;
import dev.cairn.config.Policy.NextHop;
import dev.cairn.config.Policy.SetActions;
import dev.cairn.config.Policy.Term;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code policies:} section: name → ordered terms. */
final class PolicyParser {
  static final List<String> MATCH_KEYS =
      List.of(
          "prefix",
          "as-path",
          "community",
          "large-community",
          "ext-community",
          "next-hop",
          "neighbor");
  static final List<String> SET_KEYS =
      List.of(
          "local-pref",
          "med",
          "community-add",
          "community-remove",
          "community-replace",
          "large-community-add",
          "as-path-prepend",
          "next-hop",
          "large-community-remove",
          "large-community-replace",
          "ext-community-add",
          "ext-community-remove",
          "ext-community-replace");

  private final Ctx ctx;

  PolicyParser(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Policy> parse(Node n) {
    Map<String, Policy> out = new LinkedHashMap<>();
    if (!(n instanceof MappingNode m)) {
      ctx.error(n, "policies must be a mapping of name to terms, found " + Ctx.describe(n));
      return out;
    }
    Map<String, Node> seen = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks) || Ctx.isNull(k)) {
        ctx.error(k, "policy names must be strings, found " + Ctx.describe(k));
        continue;
      }
      String name = ks.getValue();
      if (Policy.BUILT_IN.contains(name)) {
        ctx.error(k, "policy '" + name + "' is built in and cannot be redefined");
        continue;
      }
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
        ctx.error(
            k, "policy name '" + name + "' may contain only letters, digits, '_', '.' and '-'");
        continue;
      }
      Node first = seen.putIfAbsent(name, k);
      if (first != null) {
        ctx.error(
            k,
            "duplicate key '"
                + name
                + "' in policies (first at line "
                + ConfigParser.line(first)
                + ")");
        continue;
      }
      List<Term> terms = new ArrayList<>();
      List<Node> items = ctx.list(t.getValueNode(), "policy " + name);
      for (Node item : items == null ? List.<Node>of() : items) {
        Term term = term(item);
        if (term != null) {
          terms.add(term);
        }
      }
      out.put(name, new Policy(name, terms));
    }
    return out;
  }

  private Term term(Node n) {
    MapReader r = ctx.map(n, "policy term", List.of("match", "action", "set"));
    if (r == null) {
      return null;
    }
    Match match = r.has("match") ? match(r.get("match")) : Match.ANY;
    Map<String, Action> actions = new LinkedHashMap<>();
    for (Action a : Action.values()) {
      actions.put(a.configName(), a);
    }
    Action action = r.choice("action", actions, Action.NEXT);
    SetActions set = r.has("set") ? set(r.get("set")) : SetActions.NONE;
    return match == null || set == null ? null : new Term(match, action, set);
  }

  private <T> List<T> items(MapReader r, String key, Function<String, T> parser) {
    Node n = r.get(key);
    if (n == null) {
      return List.of();
    }
    return ctx.each(n, key, i -> ctx.parse(i, key, parser));
  }

  private Match match(Node n) {
    MapReader r = ctx.map(n, "match", MATCH_KEYS);
    if (r == null) {
      return null;
    }
    Optional<String> asPath = r.optParse("as-path", PolicyParser::regex);
    return new Match(
        items(r, "prefix", PrefixMatch::parse),
        asPath,
        items(r, "community", Community::parse),
        items(r, "large-community", LargeCommunity::parse),
        items(r, "ext-community", ExtCommunity::parse),
        items(r, "next-hop", PolicyParser::prefixOrAddress),
        items(r, "neighbor", IpAddress::parse));
  }

  static String regex(String s) {
    AsPathRegex.compile(s); // RE2 syntax, linear-time matching
    return s;
  }

  static IpPrefix prefixOrAddress(String s) {
    if (s.indexOf('/') >= 0) {
      return IpPrefix.parse(s);
    }
    IpAddress a = IpAddress.parse(s);
    return IpPrefix.of(a, a.afi().bits());
  }

  private SetActions set(Node n) {
    MapReader r = ctx.map(n, "set", SET_KEYS);
    if (r == null) {
      return null;
    }
    OptionalLong localPref = optLong(r, "local-pref");
    OptionalLong med = optLong(r, "med");
    Optional<List<Community>> replace = replace(r, "community", Community::parse);
    Optional<List<LargeCommunity>> largeReplace =
        replace(r, "large-community", LargeCommunity::parse);
    Optional<List<ExtCommunity>> extReplace = replace(r, "ext-community", ExtCommunity::parse);
    Optional<AsPathPrepend> prepend = Optional.empty();
    if (r.has("as-path-prepend")) {
      MapReader p = ctx.map(r.get("as-path-prepend"), "as-path-prepend", List.of("asn", "count"));
      if (p != null) {
        Node an = p.required("asn");
        Long asn = an == null ? null : ctx.parse(an, "asn", Asn::parse);
        int count = p.int32("count", 1, 32, 1);
        prepend = asn == null ? Optional.empty() : Optional.of(new AsPathPrepend(asn, count));
      }
    }
    Optional<NextHop> nextHop =
        r.optParse(
            "next-hop",
            s -> s.equals("self") ? NextHop.SELF : new NextHop(Optional.of(IpAddress.parse(s))));
    return new SetActions(
        localPref,
        med,
        items(r, "community-add", Community::parse),
        items(r, "community-remove", Community::parse),
        replace,
        items(r, "large-community-add", LargeCommunity::parse),
        prepend,
        nextHop,
        items(r, "large-community-remove", LargeCommunity::parse),
        largeReplace,
        items(r, "ext-community-add", ExtCommunity::parse),
        items(r, "ext-community-remove", ExtCommunity::parse),
        extReplace);
  }

  /** {@code KIND-replace}, which excludes {@code KIND-add} and {@code KIND-remove}. */
  private <T> Optional<List<T>> replace(MapReader r, String kind, Function<String, T> parser) {
    String key = kind + "-replace";
    if (!r.has(key)) {
      return Optional.empty();
    }
    if (r.has(kind + "-add") || r.has(kind + "-remove")) {
      ctx.error(
          r.keyNode(key), key + " cannot be combined with " + kind + "-add or " + kind + "-remove");
    }
    return Optional.of(items(r, key, parser));
  }

  private OptionalLong optLong(MapReader r, String key) {
    Node n = r.get(key);
    if (n == null) {
      return OptionalLong.empty();
    }
    Long v = ctx.integer(n, key, 0, 0xFFFF_FFFFL);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }
}
