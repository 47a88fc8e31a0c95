package dev.cairn.config;

import dev.cairn.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code kubernetes:} section. */
final class KubernetesParser {
  static final List<String> KEYS =
      List.of(
          "kubeconfig",
          "node-name",
          "advertise",
          "node-mesh",
          "route-reflector-selector",
          "allowed-communities");
  static final List<String> ADVERTISE_KEYS =
      List.of(
          "pod-cidrs",
          "cluster-ips",
          "external-ips",
          "load-balancer-ips",
          "external-ip-ranges",
          "load-balancer-ip-ranges",
          "cluster-ip-ranges");
  static final List<String> MESH_KEYS =
      List.of("enabled", "password", "ttl-security", "max-prefixes");

  private final Ctx ctx;

  KubernetesParser(Ctx ctx) {
    this.ctx = ctx;
  }

  KubernetesConfig parse(Node n) {
    MapReader r = ctx.map(n, "kubernetes", KEYS);
    if (r == null) {
      return null;
    }
    Optional<Path> kubeconfig = r.optString("kubeconfig").map(Path::of);
    Optional<String> nodeName = r.optParse("node-name", KubernetesParser::nodeName);
    MapReader a = r.map("advertise", ADVERTISE_KEYS);
    KubernetesConfig.Advertise ad = KubernetesConfig.Advertise.DEFAULT;
    KubernetesConfig.Advertise advertise =
        new KubernetesConfig.Advertise(
            a.bool("pod-cidrs", ad.podCidrs()),
            a.bool("cluster-ips", ad.clusterIps()),
            a.bool("external-ips", ad.externalIps()),
            a.bool("load-balancer-ips", ad.loadBalancerIps()),
            a.has("external-ip-ranges")
                ? ranges(a.get("external-ip-ranges"), "external-ip-ranges")
                : ad.externalIpRanges(),
            a.has("load-balancer-ip-ranges")
                ? Optional.of(ranges(a.get("load-balancer-ip-ranges"), "load-balancer-ip-ranges"))
                : ad.loadBalancerIpRanges(),
            a.has("cluster-ip-ranges")
                ? Optional.of(ranges(a.get("cluster-ip-ranges"), "cluster-ip-ranges"))
                : ad.clusterIpRanges());
    KubernetesConfig.NodeMesh mesh =
        r.has("node-mesh") ? mesh(r.get("node-mesh")) : KubernetesConfig.NodeMesh.DEFAULT;
    Optional<String> selector =
        Optional.of(
            r.parse(
                "route-reflector-selector",
                LabelSelector::check,
                KubernetesConfig.DEFAULT_REFLECTOR_SELECTOR));
    KubernetesConfig.AllowedCommunities allowed =
        r.has("allowed-communities")
            ? communities(r.get("allowed-communities"))
            : KubernetesConfig.AllowedCommunities.NONE;
    return new KubernetesConfig(kubeconfig, nodeName, advertise, mesh, selector, allowed);
  }

  /** {@code node-mesh: true} or {@code node-mesh: { enabled, password, ttl-security, ... }}. */
  private KubernetesConfig.NodeMesh mesh(Node n) {
    KubernetesConfig.NodeMesh d = KubernetesConfig.NodeMesh.DEFAULT;
    if (n instanceof ScalarNode) {
      Boolean on = ctx.bool(n, "node-mesh");
      return d.withEnabled(on == null ? d.enabled() : on);
    }
    MapReader r = ctx.map(n, "node-mesh", MESH_KEYS);
    if (r == null) {
      return d;
    }
    boolean enabled = r.bool("enabled", d.enabled());
    Optional<String> password = r.optString("password");
    if (password.isPresent()
        && password.get().getBytes(StandardCharsets.UTF_8).length > BgpParser.MAX_PASSWORD) {
      ctx.error(r.get("password"), "password must be at most " + BgpParser.MAX_PASSWORD + " bytes");
    } else if (password.isPresent() && password.get().isEmpty()) {
      ctx.error(r.get("password"), "password must not be empty (remove the key for no password)");
    }
    OptionalInt ttl = OptionalInt.empty();
    if (r.has("ttl-security")) {
      Integer t = ctx.integer32(r.get("ttl-security"), "ttl-security", 1, 254);
      ttl = t == null ? OptionalInt.empty() : OptionalInt.of(t);
    }
    long max = r.integer("max-prefixes", 0, Asn.MAX, d.maxPrefixes());
    return new KubernetesConfig.NodeMesh(enabled, password, ttl, max);
  }

  private List<IpPrefix> ranges(Node n, String what) {
    List<IpPrefix> out = new ArrayList<>();
    Map<IpPrefix, Node> seen = new HashMap<>();
    List<Node> items = ctx.list(n, what);
    for (Node i : items == null ? List.<Node>of() : items) {
      IpPrefix p = ctx.parse(i, what, IpPrefix::parse);
      if (p == null) {
        continue;
      }
      Node first = seen.putIfAbsent(p, i);
      if (first != null) {
        ctx.error(
            i, "duplicate " + what + " " + p + " (first at line " + ConfigParser.line(first) + ")");
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private KubernetesConfig.AllowedCommunities communities(Node n) {
    List<Community> standard = new ArrayList<>();
    List<LargeCommunity> large = new ArrayList<>();
    List<Node> items = ctx.list(n, "allowed-communities");
    for (Node i : items == null ? List.<Node>of() : items) {
      String t = ctx.text(i, "allowed-communities item");
      if (t == null) {
        continue;
      }
      if (t.chars().filter(c -> c == ':').count() == 2) {
        LargeCommunity l = ctx.parse(i, "allowed-communities item", LargeCommunity::parse);
        if (l != null) {
          large.add(l);
        }
      } else {
        Community c =
            ctx.parse(
                i,
                "allowed-communities item",
                s -> {
                  try {
                    return Community.parse(s);
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                        e.getMessage()
                            + "; allowed-communities lists standard (ASN:VALUE, well-known"
                            + " names) and large (GLOBAL:DATA1:DATA2) communities, the ones"
                            + " Service annotations can carry");
                  }
                });
        if (c != null) {
          standard.add(c);
        }
      }
    }
    return new KubernetesConfig.AllowedCommunities(standard, large);
  }

  static String nodeName(String s) {
    if (s.length() > 253 || !s.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "node-name '"
              + s
              + "' is not a valid Kubernetes node name (lower-case letters, digits, '-' and"
              + " '.')");
    }
    return s;
  }
}
