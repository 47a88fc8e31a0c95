package dev.cairn.config;

import dev.cairn.config.OspfConfig.Area;
import dev.cairn.config.OspfConfig.AuthType;
import dev.cairn.config.OspfConfig.Interface;
import dev.cairn.config.OspfConfig.Key;
import dev.cairn.config.Policy.Match;
import dev.cairn.config.Policy.SetActions;
import dev.cairn.config.Policy.Term;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a {@link CairnConfig} as YAML for {@code show running-config}: every effective value is
 * written out (defaults included), and {@code ConfigLoader.parse(print(c))} equals {@code c}.
 */
public final class ConfigPrinter {
  private static final String REDACTED = "<redacted>";

  private ConfigPrinter() {}

  /** The configuration as YAML, secrets included (so that it parses back to the same value). */
  public static String print(CairnConfig c) {
    return dump(tree(c, false));
  }

  /** The configuration as YAML with passwords and keys replaced by {@code <redacted>}. */
  public static String printRedacted(CairnConfig c) {
    return dump(tree(c, true));
  }

  private static String dump(Map<String, Object> tree) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setIndicatorIndent(2);
    o.setIndentWithIndicator(true);
    o.setWidth(120);
    return new Yaml(o).dump(tree);
  }

  private static Map<String, Object> tree(CairnConfig c, boolean redact) {
    Map<String, Object> m = map();
    m.put("router-id", c.routerId().toString());
    Map<String, Object> control = map();
    control.put("socket", c.controlSocket().toString());
    control.put("group", c.control().group());
    c.control().adminGroup().ifPresent(g -> control.put("admin-group", g));
    m.put("control", control);
    m.put("metrics", Map.of("listen", c.metricsListen().toString()));
    m.put("kernel", kernel(c.kernel()));
    if (!c.staticRoutes().isEmpty()) {
      List<Object> statics = new ArrayList<>();
      for (StaticRoute r : c.staticRoutes()) {
        Map<String, Object> s = map();
        s.put("prefix", r.prefix().toString());
        if (!r.via().isEmpty()) {
          s.put("via", strings(r.via()));
        }
        if (r.blackhole()) {
          s.put("blackhole", true);
        }
        statics.add(s);
      }
      m.put("static", statics);
    }
    c.bgp().ifPresent(b -> m.put("bgp", bgp(b, redact)));
    c.ospf().ifPresent(o -> m.put("ospf", ospf(o, redact)));
    c.kubernetes().ifPresent(k -> m.put("kubernetes", kubernetes(k, redact)));
    if (!c.policies().isEmpty()) {
      Map<String, Object> ps = map();
      c.policies().forEach((name, p) -> ps.put(name, terms(p)));
      m.put("policies", ps);
    }
    return m;
  }

  private static Map<String, Object> map() {
    return new LinkedHashMap<>();
  }

  private static List<String> strings(Collection<?> items) {
    List<String> out = new ArrayList<>();
    for (Object o : items) {
      out.add(o.toString());
    }
    return out;
  }

  private static List<String> protocols(Set<Protocol> ps) {
    List<String> out = new ArrayList<>();
    for (Protocol p : Protocol.values()) {
      if (ps.contains(p)) {
        out.add(p.configName());
      }
    }
    return out;
  }

  private static String d(Duration x) {
    return Durations.format(x);
  }

  private static Map<String, Object> kernel(KernelConfig k) {
    Map<String, Object> m = map();
    m.put("enabled", k.enabled());
    m.put("table", table(k.table()));
    Map<String, Object> ecmp = map();
    ecmp.put("max-paths", k.maxPaths());
    k.resilient()
        .ifPresent(
            r -> {
              Map<String, Object> rm = map();
              rm.put("buckets", r.buckets());
              rm.put("idle-timer", d(r.idleTimer()));
              ecmp.put("resilient", rm);
            });
    m.put("ecmp", ecmp);
    m.put("export", protocols(k.export()));
    m.put("reconcile-after", d(k.reconcileAfter()));
    m.put("metric", k.metric());
    m.put("scan-time", d(k.scanTime()));
    return m;
  }

  private static Object table(long t) {
    if (t == KernelConfig.TABLE_MAIN) {
      return "main";
    }
    if (t == KernelConfig.TABLE_LOCAL) {
      return "local";
    }
    if (t == KernelConfig.TABLE_DEFAULT) {
      return "default";
    }
    return t;
  }

  private static Map<String, Object> bgp(BgpConfig b, boolean redact) {
    Map<String, Object> m = map();
    m.put("asn", b.asn());
    b.routerId().ifPresent(r -> m.put("router-id", r.toString()));
    Map<String, Object> listen = map();
    listen.put("address", b.listen().address().toString());
    listen.put("port", b.listen().port());
    m.put("listen", listen);
    Map<String, Object> mp = map();
    mp.put("ebgp", b.multipath().ebgp());
    mp.put("ibgp", b.multipath().ibgp());
    mp.put("as-path-relax", b.multipath().asPathRelax());
    m.put("multipath", mp);
    Map<String, Object> dec = new LinkedHashMap<>();
    dec.put("always-compare-med", b.decision().alwaysCompareMed());
    dec.put("deterministic-med", b.decision().deterministicMed());
    m.put("decision", dec);
    m.put("redistribute", protocols(b.redistribute()));
    m.put("announce", strings(b.announce()));
    b.clusterId().ifPresent(id -> m.put("route-reflector", Map.of("cluster-id", id.toString())));
    Map<String, Object> gr = map();
    gr.put("enabled", b.gracefulRestart().enabled());
    gr.put("restart-time", d(b.gracefulRestart().restartTime()));
    m.put("graceful-restart", gr);
    m.put("max-as-path-length", b.maxAsPathLength());
    List<Object> ns = new ArrayList<>();
    for (NeighborConfig n : b.neighbors()) {
      ns.add(neighbor(n, redact));
    }
    m.put("neighbors", ns);
    return m;
  }

  private static Map<String, Object> neighbor(NeighborConfig n, boolean redact) {
    Map<String, Object> m = map();
    m.put("address", n.address().toString());
    m.put("asn", n.asn());
    n.description().ifPresent(s -> m.put("description", s));
    n.password().ifPresent(s -> m.put("password", redact ? REDACTED : s));
    m.put("families", strings(n.families()));
    m.put("route-reflector-client", n.routeReflectorClient());
    m.put("next-hop-self", n.nextHopSelf());
    m.put("passive", n.passive());
    n.localAddress().ifPresent(a -> m.put("local-address", a.toString()));
    n.ttlSecurity().ifPresent(t -> m.put("ttl-security", t));
    n.ebgpMultihop().ifPresent(t -> m.put("ebgp-multihop", t));
    Map<String, Object> t = map();
    t.put("hold", d(n.timers().hold()));
    t.put("keepalive", d(n.timers().keepalive()));
    t.put("connect-retry", d(n.timers().connectRetry()));
    m.put("timers", t);
    n.maxPrefixes()
        .ifPresent(
            mp -> {
              if (mp.restart().isPresent()
                  || mp.warningThreshold()
                      != NeighborConfig.MaxPrefixes.DEFAULT_WARNING_THRESHOLD) {
                Map<String, Object> x = map();
                x.put("limit", mp.limit());
                mp.restart().ifPresent(r -> x.put("restart", d(r)));
                x.put("warning-threshold", mp.warningThreshold());
                m.put("max-prefixes", x);
              } else {
                m.put("max-prefixes", mp.limit());
              }
            });
    n.importPolicy().ifPresent(p -> m.put("import", p));
    n.exportPolicy().ifPresent(p -> m.put("export", p));
    if (!n.inbound().enforceFirstAs()) {
      m.put("enforce-first-as", false); // (an iBGP neighbor may not carry the key at all)
    }
    n.inbound().maxAsPathLength().ifPresent(l -> m.put("max-as-path-length", l));
    m.put("drop-unknown-attributes", n.inbound().dropUnknownAttributes());
    if (n.shutdownMessage().isPresent()) {
      Map<String, Object> s = map();
      s.put("enabled", n.shutdown());
      s.put("message", n.shutdownMessage().get());
      m.put("shutdown", s);
    } else {
      m.put("shutdown", n.shutdown());
    }
    return m;
  }

  private static Map<String, Object> ospf(OspfConfig o, boolean redact) {
    Map<String, Object> m = map();
    List<Object> areas = new ArrayList<>();
    for (Area a : o.areas()) {
      Map<String, Object> am = map();
      am.put("id", a.id().toString());
      am.put("type", a.type().configName());
      List<Object> is = new ArrayList<>();
      for (Interface i : a.interfaces()) {
        is.add(iface(i, redact));
      }
      am.put("interfaces", is);
      areas.add(am);
    }
    m.put("areas", areas);
    m.put("redistribute", protocols(o.redistribute()));
    o.redistributePolicy().ifPresent(p -> m.put("redistribute-policy", p));
    m.put("max-external-lsas", o.maxExternalLsas());
    return m;
  }

  private static Map<String, Object> iface(Interface i, boolean redact) {
    Map<String, Object> m = map();
    m.put("name", i.name());
    m.put("cost", i.cost());
    m.put("hello", d(i.hello()));
    m.put("dead", d(i.dead()));
    m.put("priority", i.priority());
    m.put("network-type", i.networkType().configName());
    m.put("passive", i.passive());
    if (i.auth().type() != AuthType.NONE) {
      Map<String, Object> a = map();
      a.put("type", i.auth().type().configName());
      if (i.auth().type() == AuthType.SIMPLE) {
        a.put("key", redact ? REDACTED : i.auth().keys().get(0).key());
      } else {
        List<Object> keys = new ArrayList<>();
        for (Key k : i.auth().keys()) {
          Map<String, Object> km = map();
          km.put("key-id", k.keyId());
          km.put("key", redact ? REDACTED : k.key());
          keys.add(km);
        }
        a.put("keys", keys);
      }
      m.put("auth", a);
    }
    return m;
  }

  private static Map<String, Object> kubernetes(KubernetesConfig k, boolean redact) {
    Map<String, Object> m = map();
    k.kubeconfig().ifPresent(p -> m.put("kubeconfig", p.toString()));
    k.nodeName().ifPresent(n -> m.put("node-name", n));
    Map<String, Object> a = map();
    KubernetesConfig.Advertise ad = k.advertise();
    a.put("pod-cidrs", ad.podCidrs());
    a.put("cluster-ips", ad.clusterIps());
    a.put("external-ips", ad.externalIps());
    a.put("load-balancer-ips", ad.loadBalancerIps());
    a.put("external-ip-ranges", strings(ad.externalIpRanges()));
    ad.loadBalancerIpRanges().ifPresent(r -> a.put("load-balancer-ip-ranges", strings(r)));
    ad.clusterIpRanges().ifPresent(r -> a.put("cluster-ip-ranges", strings(r)));
    m.put("advertise", a);
    Map<String, Object> mesh = map();
    KubernetesConfig.NodeMesh nm = k.mesh();
    mesh.put("enabled", nm.enabled());
    nm.password().ifPresent(s -> mesh.put("password", redact ? REDACTED : s));
    nm.ttlSecurity().ifPresent(t -> mesh.put("ttl-security", t));
    mesh.put("max-prefixes", nm.maxPrefixes());
    m.put("node-mesh", mesh);
    k.routeReflectorSelector().ifPresent(s -> m.put("route-reflector-selector", s));
    List<Object> allowed = new ArrayList<>(strings(k.allowedCommunities().standard()));
    allowed.addAll(strings(k.allowedCommunities().large()));
    m.put("allowed-communities", allowed);
    return m;
  }

  private static List<Object> terms(Policy p) {
    List<Object> out = new ArrayList<>();
    for (Term t : p.terms()) {
      Map<String, Object> m = map();
      Map<String, Object> match = match(t.match());
      if (!match.isEmpty()) {
        m.put("match", match);
      }
      m.put("action", t.action().configName());
      Map<String, Object> set = set(t.set());
      if (!set.isEmpty()) {
        m.put("set", set);
      }
      out.add(m);
    }
    return out;
  }

  private static void putList(Map<String, Object> m, String key, List<?> items) {
    if (!items.isEmpty()) {
      m.put(key, strings(items));
    }
  }

  private static Map<String, Object> match(Match x) {
    Map<String, Object> m = map();
    putList(m, "prefix", x.prefixes());
    x.asPath().ifPresent(r -> m.put("as-path", r));
    putList(m, "community", x.communities());
    putList(m, "large-community", x.largeCommunities());
    putList(m, "ext-community", x.extCommunities());
    putList(m, "next-hop", x.nextHops());
    putList(m, "neighbor", x.neighbors());
    return m;
  }

  private static Map<String, Object> set(SetActions s) {
    Map<String, Object> m = map();
    s.localPref().ifPresent(v -> m.put("local-pref", v));
    s.med().ifPresent(v -> m.put("med", v));
    putList(m, "community-add", s.communityAdd());
    putList(m, "community-remove", s.communityRemove());
    s.communityReplace().ifPresent(r -> m.put("community-replace", strings(r)));
    putList(m, "large-community-add", s.largeCommunityAdd());
    s.asPathPrepend()
        .ifPresent(
            p -> {
              Map<String, Object> pm = map();
              pm.put("asn", p.asn());
              pm.put("count", p.count());
              m.put("as-path-prepend", pm);
            });
    s.nextHop().ifPresent(n -> m.put("next-hop", n.toString()));
    putList(m, "large-community-remove", s.largeCommunityRemove());
    s.largeCommunityReplace().ifPresent(r -> m.put("large-community-replace", strings(r)));
    putList(m, "ext-community-add", s.extCommunityAdd());
    putList(m, "ext-community-remove", s.extCommunityRemove());
    s.extCommunityReplace().ifPresent(r -> m.put("ext-community-replace", strings(r)));
    return m;
  }
}
