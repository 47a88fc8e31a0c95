package dev.cairn.k8s;

import dev.cairn.config.KubernetesConfig;
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

/**
 * The desired advertisements as a pure function of the watched objects. No I/O, no state: the
 * adapter calls {@link #compute} with its informer caches and diffs the result against what it
 * emitted before.
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

  /**
   * @param nodeName this node
   * @param advertise which address kinds the configuration enables
   * @param allNodePodCidrs also announce every other node's pod CIDR via its InternalIP
   */
  public RouteModel(
      String nodeName, KubernetesConfig.Advertise advertise, boolean allNodePodCidrs) {
    this.nodeName = Objects.requireNonNull(nodeName);
    this.advertise = Objects.requireNonNull(advertise);
    this.allNodePodCidrs = allNodePodCidrs;
  }

  /** The desired routes, keyed and sorted by prefix. */
  public Map<IpPrefix, Advertisement> compute(
      Collection<Node> nodes, Collection<Service> services, Collection<EndpointSlice> slices) {
    List<Advertisement> all = new ArrayList<>();
    if (advertise.podCidrs()) {
      for (Node n : nodes) {
        nodePodCidrs(n, all);
      }
    }
    Map<String, List<EndpointSlice>> slicesByService = slicesByService(slices);
    for (Service s : services) {
      serviceRoutes(s, slicesByService.getOrDefault(key(s), List.of()), all);
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
    Set<String> cidrs = new TreeSet<>();
    if (n.getSpec().getPodCIDRs() != null) {
      cidrs.addAll(n.getSpec().getPodCIDRs());
    }
    if (n.getSpec().getPodCIDR() != null && !n.getSpec().getPodCIDR().isEmpty()) {
      cidrs.add(n.getSpec().getPodCIDR());
    }
    for (String c : cidrs) {
      IpPrefix p;
      try {
        p = IpPrefix.parseLenient(c);
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "node {0}: bad podCIDR {1}", name, c);
        continue;
      }
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

  private void serviceRoutes(Service s, List<EndpointSlice> slices, List<Advertisement> out) {
    if (s.getMetadata() == null || s.getSpec() == null) {
      return;
    }
    String source = key(s);
    ServiceAnnotations opts = ServiceAnnotations.parse(s.getMetadata().getAnnotations(), source);
    if (!opts.advertise()) {
      return;
    }
    boolean local = hasReadyLocalEndpoint(slices);
    boolean externalLocal = "Local".equals(s.getSpec().getExternalTrafficPolicy());
    boolean internalLocal = "Local".equals(s.getSpec().getInternalTrafficPolicy());
    if (advertise.clusterIps()
        && opts.kinds().contains(Kind.CLUSTER_IP)
        && (!internalLocal || local)) {
      Set<String> ips = new TreeSet<>();
      if (s.getSpec().getClusterIPs() != null) {
        ips.addAll(s.getSpec().getClusterIPs());
      }
      if (s.getSpec().getClusterIP() != null) {
        ips.add(s.getSpec().getClusterIP());
      }
      ips.remove("None");
      ips.remove("");
      addHosts(ips, Kind.CLUSTER_IP, source, opts, out);
    }
    if (advertise.externalIps()
        && opts.kinds().contains(Kind.EXTERNAL_IP)
        && (!externalLocal || local)
        && s.getSpec().getExternalIPs() != null) {
      addHosts(s.getSpec().getExternalIPs(), Kind.EXTERNAL_IP, source, opts, out);
    }
    if (advertise.loadBalancerIps()
        && opts.kinds().contains(Kind.LOAD_BALANCER_IP)
        && (!externalLocal || local)
        && s.getStatus() != null
        && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null) {
      List<String> ips = new ArrayList<>();
      for (LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
        if (i.getIp() != null && !i.getIp().isEmpty()) {
          ips.add(i.getIp());
        }
      }
      addHosts(ips, Kind.LOAD_BALANCER_IP, source, opts, out);
    }
  }

  private static void addHosts(
      Collection<String> ips,
      Kind kind,
      String source,
      ServiceAnnotations opts,
      List<Advertisement> out) {
    for (String ip : ips) {
      IpAddress a;
      try {
        a = IpAddress.parse(ip.trim());
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "service {0}: bad address {1}", source, ip);
        continue;
      }
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
