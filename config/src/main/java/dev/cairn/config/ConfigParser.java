package dev.cairn.config;

import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Walks the composed YAML tree of a whole file into a {@link CairnConfig}: top level, control,
 * metrics, kernel, static routes and Kubernetes here; BGP, OSPF and policies in their own parsers.
 * Returns {@code null} when anything was wrong (the problems are in the context).
 */
final class ConfigParser {
  static final List<String> TOP_KEYS =
      List.of(
          "router-id",
          "control",
          "metrics",
          "kernel",
          "static",
          "bgp",
          "ospf",
          "kubernetes",
          "policies");

  private final Ctx ctx;

  ConfigParser(Ctx ctx) {
    this.ctx = ctx;
  }

  CairnConfig parse(Node root) {
    MapReader top = ctx.map(root, "the configuration", TOP_KEYS);
    if (top == null) {
      return null;
    }
    Ipv4Address routerId = null;
    Node rid = top.required("router-id");
    if (rid != null) {
      routerId = ctx.parse(rid, "router-id", ConfigParser::ipv4);
    }
    ControlConfig control = control(top.map("control", List.of("socket", "group", "admin-group")));
    Endpoint metrics =
        top.map("metrics", List.of("listen"))
            .parse("listen", Endpoint::parse, CairnConfig.DEFAULT_METRICS_LISTEN);
    KernelConfig kernel =
        kernel(
            top.map(
                "kernel",
                List.of(
                    "enabled",
                    "table",
                    "ecmp",
                    "export",
                    "reconcile-after",
                    "metric",
                    "scan-time")));
    List<StaticRoute> statics = top.has("static") ? statics(top.get("static")) : List.of();
    Optional<BgpConfig> bgp =
        top.has("bgp") ? Ctx.opt(new BgpParser(ctx).parse(top.get("bgp"))) : Optional.empty();
    Optional<OspfConfig> ospf =
        top.has("ospf") ? Ctx.opt(new OspfParser(ctx).parse(top.get("ospf"))) : Optional.empty();
    Optional<KubernetesConfig> k8s =
        top.has("kubernetes")
            ? Ctx.opt(new KubernetesParser(ctx).parse(top.get("kubernetes")))
            : Optional.empty();
    Map<String, Policy> policies =
        top.has("policies") ? new PolicyParser(ctx).parse(top.get("policies")) : Map.of();
    checkPolicyReferences(policies);
    if (ctx.problems.any()) {
      return null;
    }
    return new CairnConfig(routerId, control, metrics, kernel, statics, bgp, ospf, k8s, policies);
  }

  /** An address that must be IPv4 (router ids, cluster ids, area ids). */
  static Ipv4Address ipv4(String text) {
    IpAddress a = IpAddress.parse(text);
    if (a instanceof Ipv4Address v4) {
      return v4;
    }
    throw new IllegalArgumentException("expected an IPv4 address, found '" + text + "'");
  }

  private ControlConfig control(MapReader r) {
    Path socket = controlSocket(r);
    String group = groupName(r, "group").orElse(ControlConfig.DEFAULT_GROUP);
    return new ControlConfig(socket, group, groupName(r, "admin-group"));
  }

  private Optional<String> groupName(MapReader r, String key) {
    Node n = r.get(key);
    Optional<String> g = r.optString(key);
    if (g.isPresent() && !ControlConfig.GROUP_NAME.matcher(g.get()).matches()) {
      ctx.error(n, "control " + key + " must be a group name, found '" + g.get() + "'");
      return Optional.empty();
    }
    return g;
  }

  private Path controlSocket(MapReader r) {
    Node n = r.get("socket");
    if (n == null) {
      return CairnConfig.DEFAULT_CONTROL_SOCKET;
    }
    String s = ctx.text(n, "socket");
    if (s == null) {
      return CairnConfig.DEFAULT_CONTROL_SOCKET;
    }
    if (!s.startsWith("/")) {
      ctx.error(n, "control socket must be an absolute path, found '" + s + "'");
    }
    return Path.of(s);
  }

  private KernelConfig kernel(MapReader r) {
    KernelConfig d = KernelConfig.DEFAULT;
    boolean enabled = r.bool("enabled", d.enabled());
    long table = d.table();
    Node t = r.get("table");
    if (t != null) {
      table = tableId(t);
    }
    MapReader ecmp = r.map("ecmp", List.of("max-paths", "resilient"));
    int maxPaths = ecmp.int32("max-paths", 1, 256, d.maxPaths());
    Optional<KernelConfig.Resilient> resilient = Optional.empty();
    if (ecmp.has("resilient")) {
      MapReader rr = ecmp.map("resilient", List.of("buckets", "idle-timer"));
      KernelConfig.Resilient rd = KernelConfig.Resilient.DEFAULT;
      resilient =
          Optional.of(
              new KernelConfig.Resilient(
                  rr.int32("buckets", 1, 65535, rd.buckets()),
                  wholeSeconds(
                      rr, "idle-timer", Duration.ZERO, Duration.ofSeconds(65535), rd.idleTimer())));
    }
    Set<Protocol> export =
        r.has("export") ? protocols(ctx, r.get("export"), "export", null) : d.export();
    Duration reconcile =
        r.duration("reconcile-after", Duration.ZERO, Duration.ofHours(1), d.reconcileAfter());
    int metric = r.int32("metric", 1, Integer.MAX_VALUE, d.metric());
    Duration scan =
        r.duration("scan-time", Duration.ofSeconds(1), Duration.ofHours(24), d.scanTime());
    return new KernelConfig(enabled, table, maxPaths, resilient, export, reconcile, metric, scan);
  }

  private long tableId(Node t) {
    String s = ctx.text(t, "table");
    if (s == null) {
      return KernelConfig.TABLE_MAIN;
    }
    switch (s) {
      case "main":
        return KernelConfig.TABLE_MAIN;
      case "local":
        return KernelConfig.TABLE_LOCAL;
      case "default":
        return KernelConfig.TABLE_DEFAULT;
      default:
        if (!s.matches("[0-9]+")) {
          ctx.error(
              t,
              "table must be main, local, default or a number 1..4294967295, found '"
                  + s
                  + "'"
                  + Suggest.didYouMean(s, List.of("main", "local", "default")));
          return KernelConfig.TABLE_MAIN;
        }
        Long id = ctx.integer(t, "table", 1, 0xFFFF_FFFFL);
        return id == null ? KernelConfig.TABLE_MAIN : id;
    }
  }

  /** A duration that must be whole seconds (protocol fields carry seconds). */
  Duration wholeSeconds(MapReader r, String key, Duration min, Duration max, Duration dflt) {
    Node n = r.get(key);
    if (n == null) {
      return dflt;
    }
    return wholeSeconds(ctx, n, key, min, max, dflt);
  }

  static Duration wholeSeconds(
      Ctx ctx, Node n, String key, Duration min, Duration max, Duration dflt) {
    Duration d = ctx.duration(n, key, min, max);
    if (d == null) {
      return dflt;
    }
    if (d.toMillis() % 1000 != 0) {
      ctx.error(n, key + " must be a whole number of seconds, found " + Durations.format(d));
      return dflt;
    }
    return d;
  }

  /** A list of protocol names without duplicates; {@code self} may not appear. */
  static Set<Protocol> protocols(Ctx ctx, Node n, String what, Protocol self) {
    Set<Protocol> out = EnumSet.noneOf(Protocol.class);
    List<Node> items = ctx.list(n, what);
    if (items == null) {
      return out;
    }
    Map<String, Protocol> names = Protocol.byName();
    for (Node i : items) {
      Protocol p = ctx.choice(i, what + " entry", names);
      if (p == null) {
        continue;
      }
      if (p == self) {
        ctx.error(i, self + " cannot redistribute its own routes");
      } else if (!out.add(p)) {
        ctx.error(i, "duplicate '" + p + "' in " + what);
      }
    }
    return out;
  }

  private List<StaticRoute> statics(Node n) {
    List<StaticRoute> out = new ArrayList<>();
    Map<IpPrefix, Node> seen = new HashMap<>();
    List<Node> items = ctx.list(n, "static");
    if (items == null) {
      return out;
    }
    for (Node item : items) {
      MapReader r = ctx.map(item, "static route", List.of("prefix", "via", "blackhole"));
      if (r == null) {
        continue;
      }
      Node pn = r.required("prefix");
      IpPrefix prefix = pn == null ? null : ctx.parse(pn, "prefix", IpPrefix::parse);
      List<IpAddress> via = new ArrayList<>();
      List<Node> vias = r.has("via") ? ctx.list(r.get("via"), "via") : null;
      for (Node v : vias == null ? List.<Node>of() : vias) {
        IpAddress a = ctx.parse(v, "via", IpAddress::parse);
        if (a == null) {
          continue;
        }
        if (prefix != null && a.afi() != prefix.afi()) {
          ctx.error(
              v,
              "next hop "
                  + a
                  + " is "
                  + name(a.afi())
                  + " but prefix "
                  + prefix
                  + " is "
                  + name(prefix.afi()));
        } else if (via.contains(a)) {
          ctx.error(v, "duplicate next hop " + a);
        } else {
          via.add(a);
        }
      }
      boolean blackhole = r.bool("blackhole", false);
      if (prefix == null) {
        continue;
      }
      if (blackhole && r.has("via")) {
        ctx.error(r.keyNode("blackhole"), "a blackhole route cannot also have via");
      } else if (!blackhole && !r.has("via")) {
        ctx.error(item, "static route " + prefix + " needs via or blackhole: true");
      } else if (!blackhole && vias != null && vias.isEmpty()) {
        ctx.error(r.get("via"), "via must not be empty");
      }
      Node first = seen.putIfAbsent(prefix, pn);
      if (first != null) {
        ctx.error(pn, "duplicate static route " + prefix + " (first at line " + line(first) + ")");
        continue;
      }
      out.add(new StaticRoute(prefix, via, blackhole));
    }
    return out;
  }

  static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  static String name(Afi afi) {
    return afi == Afi.IPV4 ? "IPv4" : "IPv6";
  }

  private void checkPolicyReferences(Map<String, Policy> policies) {
    for (Ctx.PolicyReference ref : ctx.policyRefs) {
      if (Policy.BUILT_IN.contains(ref.name()) || policies.containsKey(ref.name())) {
        continue;
      }
      List<String> known = new ArrayList<>(policies.keySet());
      known.addAll(Policy.BUILT_IN);
      ctx.error(
          ref.node(),
          "policy '" + ref.name() + "' is not defined" + Suggest.didYouMean(ref.name(), known));
    }
  }
}
