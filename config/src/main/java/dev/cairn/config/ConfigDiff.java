package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a reload has to do: the difference between the running and the new configuration. A neighbor
 * that is not listed keeps its session untouched.
 *
 * @param sections top-level areas whose settings changed (besides what the lists below detail)
 * @param neighbors neighbors added, removed or changed, in address order
 * @param policiesChanged policies whose body changed (added and removed ones are listed apart)
 */
public record ConfigDiff(
    Set<Section> sections,
    List<NeighborChange> neighbors,
    List<String> policiesAdded,
    List<String> policiesRemoved,
    List<String> policiesChanged,
    List<StaticRoute> staticAdded,
    List<StaticRoute> staticRemoved,
    List<IpPrefix> announceAdded,
    List<IpPrefix> announceRemoved) {

  public ConfigDiff {
    sections = Set.copyOf(sections);
    neighbors = List.copyOf(neighbors);
    policiesAdded = List.copyOf(policiesAdded);
    policiesRemoved = List.copyOf(policiesRemoved);
    policiesChanged = List.copyOf(policiesChanged);
    staticAdded = List.copyOf(staticAdded);
    staticRemoved = List.copyOf(staticRemoved);
    announceAdded = List.copyOf(announceAdded);
    announceRemoved = List.copyOf(announceRemoved);
  }

  /** Top-level settings, other than neighbors, policies, static routes and announcements. */
  public enum Section {
    /** The global router id. */
    ROUTER_ID,
    CONTROL,
    METRICS,
    KERNEL,
    /** BGP speaker settings (asn, listen, multipath, redistribute, ...), or BGP on/off. */
    BGP,
    OSPF,
    /** Only {@code ospf.max-external-lsas} (OSPF present before and after): applied live. */
    OSPF_MAX_EXTERNAL_LSAS,
    KUBERNETES
  }

  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  /**
   * One neighbor's change, and the one decision of what it costs (the BGP component applies it as
   * it is; the speaker refuses an in-place change of anything its session cannot take). For {@code
   * CHANGED}: {@code reset} means the session must be torn down and re-established (something
   * negotiated in OPEN or the transport changed); otherwise {@code softIn} asks for a route refresh
   * (import policy, inbound checks), {@code softOut} re-evaluates what the neighbor is sent (export
   * policy, next-hop-self, route-reflector-client) and sends the differences; neither means the new
   * settings apply in place (description, limits, keepalive, connect-retry, passive, shutdown).
   * {@code reasons} names what changed.
   */
  public record NeighborChange(
      IpAddress address,
      Kind kind,
      Optional<NeighborConfig> before,
      Optional<NeighborConfig> after,
      boolean reset,
      boolean softIn,
      boolean softOut,
      List<String> reasons) {
    public NeighborChange {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      reasons = List.copyOf(reasons);
    }
  }

  /** True when the configurations are equal. */
  public boolean isEmpty() {
    return sections.isEmpty()
        && neighbors.isEmpty()
        && policiesAdded.isEmpty()
        && policiesRemoved.isEmpty()
        && policiesChanged.isEmpty()
        && staticAdded.isEmpty()
        && staticRemoved.isEmpty()
        && announceAdded.isEmpty()
        && announceRemoved.isEmpty();
  }

  /** The change for one neighbor, if it has one. */
  public Optional<NeighborChange> neighbor(IpAddress address) {
    return neighbors.stream().filter(n -> n.address().equals(address)).findFirst();
  }

  public static ConfigDiff between(CairnConfig before, CairnConfig after) {
    Set<Section> sections = EnumSet.noneOf(Section.class);
    if (!before.routerId().equals(after.routerId())) {
      sections.add(Section.ROUTER_ID);
    }
    if (!before.control().equals(after.control())) {
      sections.add(Section.CONTROL);
    }
    if (!before.metricsListen().equals(after.metricsListen())) {
      sections.add(Section.METRICS);
    }
    if (!before.kernel().equals(after.kernel())) {
      sections.add(Section.KERNEL);
    }
    if (!before
        .ospf()
        .map(o -> o.withMaxExternalLsas(0))
        .equals(after.ospf().map(o -> o.withMaxExternalLsas(0)))) {
      sections.add(Section.OSPF);
    }
    if (before.ospf().isPresent()
        && after.ospf().isPresent()
        && before.ospf().get().maxExternalLsas() != after.ospf().get().maxExternalLsas()) {
      sections.add(Section.OSPF_MAX_EXTERNAL_LSAS);
    }
    if (!before.kubernetes().equals(after.kubernetes())) {
      sections.add(Section.KUBERNETES);
    }
    if (!before
        .bgp()
        .map(ConfigDiff::speakerOnly)
        .equals(after.bgp().map(ConfigDiff::speakerOnly))) {
      sections.add(Section.BGP);
    }

    List<String> pAdded = new ArrayList<>();
    List<String> pRemoved = new ArrayList<>();
    List<String> pChanged = new ArrayList<>();
    for (Map.Entry<String, Policy> e : after.policies().entrySet()) {
      Policy old = before.policies().get(e.getKey());
      if (old == null) {
        pAdded.add(e.getKey());
      } else if (!old.equals(e.getValue())) {
        pChanged.add(e.getKey());
      }
    }
    for (String name : before.policies().keySet()) {
      if (!after.policies().containsKey(name)) {
        pRemoved.add(name);
      }
    }

    List<StaticRoute> sAdded = minus(after.staticRoutes(), before.staticRoutes());
    List<StaticRoute> sRemoved = minus(before.staticRoutes(), after.staticRoutes());
    List<IpPrefix> oldAnnounce = before.bgp().map(BgpConfig::announce).orElse(List.of());
    List<IpPrefix> newAnnounce = after.bgp().map(BgpConfig::announce).orElse(List.of());

    List<NeighborChange> neighbors = neighbors(before, after, pChanged);
    return new ConfigDiff(
        sections,
        neighbors,
        pAdded,
        pRemoved,
        pChanged,
        sAdded,
        sRemoved,
        minus(newAnnounce, oldAnnounce),
        minus(oldAnnounce, newAnnounce));
  }

  private static <T> List<T> minus(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.removeAll(b);
    return out;
  }

  /** BGP speaker settings with the parts that are diffed separately blanked out. */
  private static BgpConfig speakerOnly(BgpConfig b) {
    return new BgpConfig(
        b.asn(),
        b.routerId(),
        b.listen(),
        b.multipath(),
        b.redistribute(),
        List.of(),
        b.clusterId(),
        b.gracefulRestart(),
        List.of(),
        b.decision(),
        BgpConfig.DEFAULT_MAX_AS_PATH_LENGTH); // (diffed per neighbor: a route refresh)
  }

  private static List<NeighborChange> neighbors(
      CairnConfig before, CairnConfig after, List<String> policiesChanged) {
    Map<IpAddress, NeighborConfig> old = byAddress(before);
    Map<IpAddress, NeighborConfig> now = byAddress(after);
    List<String> global = new ArrayList<>();
    Optional<BgpConfig> ob = before.bgp();
    Optional<BgpConfig> nb = after.bgp();
    if (ob.isPresent() && nb.isPresent()) {
      if (ob.get().asn() != nb.get().asn()) {
        global.add("bgp.asn");
      }
      if (!before.bgpRouterId().equals(after.bgpRouterId())) {
        global.add("bgp router-id");
      }
      if (!ob.get().gracefulRestart().equals(nb.get().gracefulRestart())) {
        global.add("bgp.graceful-restart");
      }
      if (!ob.get().clusterId().equals(nb.get().clusterId())) {
        global.add("bgp.route-reflector.cluster-id");
      }
    }
    List<NeighborChange> out = new ArrayList<>();
    for (NeighborConfig o : old.values()) {
      NeighborConfig n = now.get(o.address());
      if (n == null) {
        out.add(
            new NeighborChange(
                o.address(),
                Kind.REMOVED,
                Optional.of(o),
                Optional.empty(),
                true,
                false,
                false,
                List.of()));
        continue;
      }
      List<String> resetReasons = new ArrayList<>(global);
      List<String> softReasons = new ArrayList<>();
      List<String> liveReasons = new ArrayList<>();
      boolean softIn = false;
      boolean softOut = false;
      check(o.asn() != n.asn(), "asn", resetReasons);
      check(!o.password().equals(n.password()), "password", resetReasons);
      check(!o.families().equals(n.families()), "families", resetReasons);
      check(!o.localAddress().equals(n.localAddress()), "local-address", resetReasons);
      check(!o.ttlSecurity().equals(n.ttlSecurity()), "ttl-security", resetReasons);
      check(!o.ebgpMultihop().equals(n.ebgpMultihop()), "ebgp-multihop", resetReasons);
      check(!o.timers().hold().equals(n.timers().hold()), "timers.hold", resetReasons);
      // RFC 4456 asks nothing of the session when a neighbor becomes or stops being a client:
      // what it is sent and where its routes are reflected change (a re-advertisement both ways)
      if (o.routeReflectorClient() != n.routeReflectorClient()) {
        softOut = true;
        softReasons.add("route-reflector-client");
      }
      // (a shutdown toggle stops the session with Administrative Shutdown, or starts it: in place)
      check(o.shutdown() != n.shutdown(), "shutdown", liveReasons);
      check(o.passive() != n.passive(), "passive", liveReasons);
      check(!o.description().equals(n.description()), "description", liveReasons);
      check(!o.maxPrefixes().equals(n.maxPrefixes()), "max-prefixes", liveReasons);
      check(
          !o.timers().keepalive().equals(n.timers().keepalive()), "timers.keepalive", liveReasons);
      check(
          !o.timers().connectRetry().equals(n.timers().connectRetry()),
          "timers.connect-retry",
          liveReasons);
      check(!o.shutdownMessage().equals(n.shutdownMessage()), "shutdown.message", liveReasons);
      if (!o.importPolicy().equals(n.importPolicy())) {
        softIn = true;
        softReasons.add("import");
      } else if (n.importPolicy().isPresent() && policiesChanged.contains(n.importPolicy().get())) {
        softIn = true;
        softReasons.add("policy " + n.importPolicy().get());
      }
      if (!o.exportPolicy().equals(n.exportPolicy())) {
        softOut = true;
        softReasons.add("export");
      } else if (n.exportPolicy().isPresent() && policiesChanged.contains(n.exportPolicy().get())) {
        softOut = true;
        softReasons.add("policy " + n.exportPolicy().get());
      }
      // what the neighbor's routes must pass before the import policy: asked for again
      int oldMaxPath = ob.map(b -> b.maxAsPathLength(o)).orElse(0);
      int newMaxPath = nb.map(b -> b.maxAsPathLength(n)).orElse(0);
      if (o.inbound().enforceFirstAs() != n.inbound().enforceFirstAs()) {
        softIn = true;
        softReasons.add("enforce-first-as");
      }
      if (oldMaxPath != newMaxPath) {
        softIn = true;
        softReasons.add("max-as-path-length");
      }
      if (o.inbound().dropUnknownAttributes() != n.inbound().dropUnknownAttributes()) {
        softIn = true;
        softReasons.add("drop-unknown-attributes");
      }
      if (o.nextHopSelf() != n.nextHopSelf()) {
        softOut = true;
        softReasons.add("next-hop-self");
      }
      List<String> reasons = new ArrayList<>(resetReasons);
      reasons.addAll(softReasons);
      reasons.addAll(liveReasons);
      if (reasons.isEmpty()) {
        continue;
      }
      boolean reset = !resetReasons.isEmpty();
      out.add(
          new NeighborChange(
              o.address(),
              Kind.CHANGED,
              Optional.of(o),
              Optional.of(n),
              reset,
              !reset && softIn,
              !reset && softOut,
              reasons));
    }
    for (NeighborConfig n : now.values()) {
      if (!old.containsKey(n.address())) {
        out.add(
            new NeighborChange(
                n.address(),
                Kind.ADDED,
                Optional.empty(),
                Optional.of(n),
                false,
                false,
                false,
                List.of()));
      }
    }
    out.sort((a, b) -> a.address().compareTo(b.address()));
    return out;
  }

  private static void check(boolean changed, String what, List<String> into) {
    if (changed) {
      into.add(what);
    }
  }

  private static Map<IpAddress, NeighborConfig> byAddress(CairnConfig c) {
    Map<IpAddress, NeighborConfig> m = new LinkedHashMap<>();
    c.bgp().ifPresent(b -> b.neighbors().forEach(n -> m.put(n.address(), n)));
    return m;
  }
}
