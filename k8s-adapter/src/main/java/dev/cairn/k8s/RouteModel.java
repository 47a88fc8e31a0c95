package dev.cairn.k8s;

import dev.cairn.config.Community;
import dev.cairn.config.KubernetesConfig;
import dev.cairn.config.LargeCommunity;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The desired advertisements as a pure function of the watched objects. No I/O, no state: the
 * adapter calls {@link #compute} with its informer caches and diffs the result against what it
 * emitted before.
 *
 * <p>What a Service's author controls is limited by the configuration: external IPs are announced
 * only inside {@code advertise.external-ip-ranges}, LoadBalancer and cluster IPs only inside their
 * ranges when those are set, and annotation communities only when {@code allowed-communities} lists
 * them. What is left out is reported to a sink as {@link IgnoredLog.Ignored}.
 *
 * <p>When two objects yield the same prefix (a LoadBalancer IP shared by two services), the first
 * in the order (kind, then source name) wins; the result is keyed by prefix.
 */
public final class RouteModel {

  /** Label an EndpointSlice carries to name its service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private static final System.Logger LOG = System.getLogger(RouteModel.class.getName());

  private final String nodeName;
  private final KubernetesConfig.Advertise advertise;
  private final boolean allNodePodCidrs;
  private final KubernetesConfig.AllowedCommunities allowedCommunities;

  /**
   * @param nodeName this node
   * @param advertise which address kinds the configuration enables
   * @param allNodePodCidrs also announce every other node's pod CIDR via its InternalIP
   */
  public RouteModel(
      String nodeName, KubernetesConfig.Advertise advertise, boolean allNodePodCidrs) {
    this(nodeName, advertise, allNodePodCidrs, KubernetesConfig.AllowedCommunities.NONE);
  }

  /**
   * @param allowedCommunities the only communities an annotation may attach
   */
  public RouteModel(
      String nodeName,
      KubernetesConfig.Advertise advertise,
      boolean allNodePodCidrs,
      KubernetesConfig.AllowedCommunities allowedCommunities) {
    this.nodeName = Objects.requireNonNull(nodeName);
    this.advertise = Objects.requireNonNull(advertise);
    this.allNodePodCidrs = allNodePodCidrs;
    this.allowedCommunities = Objects.requireNonNull(allowedCommunities);
  }

  /** The desired routes, keyed and sorted by prefix. */
  public Map<IpPrefix, Advertisement> compute(
      Collection<Node> nodes, Collection<Service> services, Collection<EndpointSlice> slices) {
    return compute(nodes, services, slices, i -> {});
  }

  /**
   * The desired routes, keyed and sorted by prefix; what services asked for and the configuration
   * does not allow goes to {@code ignored}.
   */
  Map<IpPrefix, Advertisement> compute(
      Collection<Node> nodes,
      Collection<Service> services,
      Collection<EndpointSlice> slices,
      Consumer<IgnoredLog.Ignored> ignored) {
    List<Advertisement> all = new ArrayList<>();
    if (advertise.podCidrs()) {
      for (Node n : nodes) {
        nodePodCidrs(n, all);
      }
    }
    Map<String, List<EndpointSlice>> slicesByService = slicesByService(slices);
    for (Service s : services) {
      serviceRoutes(s, slicesByService.getOrDefault(key(s), List.of()), all, ignored);
    }
    all.sort(Comparator.comparing(Advertisement::kind).thenComparing(Advertisement::source));
    Map<IpPrefix, Advertisement> out = new TreeMap<>();
    for (Advertisement a : all) {
      out.putIfAbsent(a.prefix(), a);
    }
    return out;
  }

  private void nodePodCidrs(Node n, List<Advertisement> out) {
    if (n.getMetadata() == null || n.getSpec() == null) {
      return;
    }
    String name = n.getMetadata().getName();
    boolean self = nodeName.equals(name);
    if (!self && !allNodePodCidrs) {
      return;
    }
    for (IpPrefix p : podCidrs(n)) {
      if (self) {
        out.add(Advertisement.of(p, Kind.POD_CIDR, name));
      } else {
        Optional<IpAddress> via = internalIp(n, p.address().afi());
        if (via.isPresent()) {
          out.add(new Advertisement(p, Kind.NODE_POD_CIDR, name, via, List.of(), List.of(), false));
        }
      }
    }
  }

  /** The node's pod CIDRs ({@code spec.podCIDRs} and {@code spec.podCIDR}), sorted. */
  static Set<IpPrefix> podCidrs(Node n) {
    Set<IpPrefix> out = new TreeSet<>();
    if (n.getSpec() == null) {
      return out;
    }
    Set<String> cidrs = new TreeSet<>();
    if (n.getSpec().getPodCIDRs() != null) {
      cidrs.addAll(n.getSpec().getPodCIDRs());
    }
    if (n.getSpec().getPodCIDR() != null && !n.getSpec().getPodCIDR().isEmpty()) {
      cidrs.add(n.getSpec().getPodCIDR());
    }
    for (String c : cidrs) {
      try {
        out.add(IpPrefix.parseLenient(c));
      } catch (IllegalArgumentException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "node {0}: bad podCIDR {1}",
            n.getMetadata() == null ? "?" : n.getMetadata().getName(),
            c);
      }
    }
    return out;
  }

  /** The node's first InternalIP of family {@code afi}. */
  static Optional<IpAddress> internalIp(Node n, Afi afi) {
    return internalIps(n).stream().filter(a -> a.afi() == afi).findFirst();
  }

  /** Every parseable InternalIP of the node, in status order. */
  static List<IpAddress> internalIps(Node n) {
    List<IpAddress> out = new ArrayList<>();
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
      return out;
    }
    for (NodeAddress a : n.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
        try {
          out.add(IpAddress.parse(a.getAddress()));
        } catch (IllegalArgumentException e) {
          LOG.log(System.Logger.Level.WARNING, "node: bad InternalIP {0}", a.getAddress());
        }
      }
    }
    return out;
  }

  private void serviceRoutes(
      Service s,
      List<EndpointSlice> slices,
      List<Advertisement> out,
      Consumer<IgnoredLog.Ignored> ignored) {
    if (s.getMetadata() == null || s.getSpec() == null) {
      return;
    }
    String source = key(s);
    ServiceAnnotations opts =
        ServiceAnnotations.parse(
            s.getMetadata().getAnnotations(),
            source,
            why -> ignored.accept(new IgnoredLog.Ignored(source, why)));
    if (!opts.advertise()) {
      return;
    }
    opts = allowedOnly(opts, source, ignored);
    boolean local = hasReadyLocalEndpoint(slices);
    boolean externalLocal = "Local".equals(s.getSpec().getExternalTrafficPolicy());
    boolean internalLocal = "Local".equals(s.getSpec().getInternalTrafficPolicy());
    if (advertise.clusterIps() && opts.kinds().contains(Kind.CLUSTER_IP)) {
      Set<String> ips = new TreeSet<>();
      if (s.getSpec().getClusterIPs() != null) {
        ips.addAll(s.getSpec().getClusterIPs());
      }
      if (s.getSpec().getClusterIP() != null) {
        ips.add(s.getSpec().getClusterIP());
      }
      ips.remove("None");
      ips.remove("");
      List<IpAddress> ok =
          allowed(
              ips,
              source,
              advertise::clusterIpAllowed,
              "cluster IP",
              "kubernetes.advertise.cluster-ip-ranges",
              ignored);
      if (!internalLocal || local) {
        addHosts(ok, Kind.CLUSTER_IP, source, opts, out);
      }
    }
    if (advertise.externalIps()
        && opts.kinds().contains(Kind.EXTERNAL_IP)
        && s.getSpec().getExternalIPs() != null) {
      List<IpAddress> ok =
          allowed(
              s.getSpec().getExternalIPs(),
              source,
              advertise::externalIpAllowed,
              "external IP",
              "kubernetes.advertise.external-ip-ranges",
              ignored);
      if (!externalLocal || local) {
        addHosts(ok, Kind.EXTERNAL_IP, source, opts, out);
      }
    }
    if (advertise.loadBalancerIps()
        && opts.kinds().contains(Kind.LOAD_BALANCER_IP)
        && s.getStatus() != null
        && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null) {
      List<String> ips = new ArrayList<>();
      for (LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
        if (i.getIp() != null && !i.getIp().isEmpty()) {
          ips.add(i.getIp());
        }
      }
      List<IpAddress> ok =
          allowed(
              ips,
              source,
              advertise::loadBalancerIpAllowed,
              "LoadBalancer IP",
              "kubernetes.advertise.load-balancer-ip-ranges",
              ignored);
      if (!externalLocal || local) {
        addHosts(ok, Kind.LOAD_BALANCER_IP, source, opts, out);
      }
    }
  }

  /** The annotations' communities that {@code allowed-communities} lists; the others reported. */
  private ServiceAnnotations allowedOnly(
      ServiceAnnotations opts, String source, Consumer<IgnoredLog.Ignored> ignored) {
    List<Long> std = new ArrayList<>();
    for (long c : opts.communities()) {
      if (allowedCommunities.allows(c)) {
        std.add(c);
      } else {
        ignored.accept(
            new IgnoredLog.Ignored(
                source,
                "ignoring community "
                    + new Community(c)
                    + " from its annotation: not in kubernetes.allowed-communities"));
      }
    }
    List<LargeCommunity> large = new ArrayList<>();
    for (LargeCommunity c : opts.largeCommunities()) {
      if (allowedCommunities.allows(c)) {
        large.add(c);
      } else {
        ignored.accept(
            new IgnoredLog.Ignored(
                source,
                "ignoring large community "
                    + c
                    + " from its annotation: not in kubernetes.allowed-communities"));
      }
    }
    return std.size() == opts.communities().size() && large.size() == opts.largeCommunities().size()
        ? opts
        : new ServiceAnnotations(opts.advertise(), std, large, opts.kinds());
  }

  /** The parseable addresses of {@code ips} that {@code ok} accepts; the others reported. */
  private static List<IpAddress> allowed(
      Collection<String> ips,
      String source,
      Predicate<IpAddress> ok,
      String what,
      String key,
      Consumer<IgnoredLog.Ignored> ignored) {
    List<IpAddress> out = new ArrayList<>();
    for (String ip : ips) {
      IpAddress a;
      try {
        a = IpAddress.parse(ip.trim());
      } catch (IllegalArgumentException e) {
        ignored.accept(new IgnoredLog.Ignored(source, "bad " + what + " '" + ip + "'"));
        continue;
      }
      if (ok.test(a)) {
        out.add(a);
      } else {
        ignored.accept(
            new IgnoredLog.Ignored(
                source, "not announcing " + what + " " + a + ": outside " + key));
      }
    }
    return out;
  }

  private static void addHosts(
      Collection<IpAddress> ips,
      Kind kind,
      String source,
      ServiceAnnotations opts,
      List<Advertisement> out) {
    for (IpAddress a : ips) {
      int len = a.afi() == Afi.IPV4 ? 32 : 128;
      out.add(
          new Advertisement(
              IpPrefix.of(a, len),
              kind,
              source,
              Optional.empty(),
              opts.communities(),
              opts.largeCommunities(),
              false));
    }
  }

  /** True if one of the slices has an endpoint on this node that is not known to be unready. */
  boolean hasReadyLocalEndpoint(List<EndpointSlice> slices) {
    for (EndpointSlice es : slices) {
      if (es.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : es.getEndpoints()) {
        boolean ready =
            e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
        if (ready && nodeName.equals(e.getNodeName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, List<EndpointSlice>> slicesByService(Collection<EndpointSlice> all) {
    Map<String, List<EndpointSlice>> out = new LinkedHashMap<>();
    for (EndpointSlice es : all) {
      if (es.getMetadata() == null || es.getMetadata().getLabels() == null) {
        continue;
      }
      String svc = es.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
      if (svc != null) {
        out.computeIfAbsent(es.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>())
            .add(es);
      }
    }
    return out;
  }

  /** {@code namespace/name}. */
  static String key(Service s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }
}
