package dev.cairn.k8s;

import dev.cairn.config.KubernetesConfig;
import dev.cairn.net.AddressFormatException;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * What this node should announce, and whom it should peer with, as a pure function of the objects
 * in the API: no client, no threads, so every rule is tested on plain objects.
 */
final class RouteModel {
  private static final Logger LOG = Logger.getLogger(RouteModel.class.getName());

  /** The label an EndpointSlice names its service with. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private RouteModel() {}

  /** The outcome: routes by prefix, and the iBGP peers the mesh or reflector layout asks for. */
  record Result(Map<IpPrefix, Advertisement> routes, Set<IpAddress> peers, boolean reflector) {}

  static Result compute(
      String nodeName,
      KubernetesConfig.Advertise advertise,
      boolean nodeMesh,
      LabelSelector reflectors,
      boolean stopping,
      Collection<Node> nodes,
      Collection<Service> services,
      Collection<EndpointSlice> slices) {
    Map<IpPrefix, Advertisement> routes = new TreeMap<>();
    Node self = nodes.stream().filter(n -> nodeName.equals(name(n))).findFirst().orElse(null);
    boolean draining =
        stopping
            || (self != null
                && self.getSpec() != null
                && Boolean.TRUE.equals(self.getSpec().getUnschedulable()));
    if (self != null && advertise.podCidrs()) {
      for (String cidr : podCidrs(self)) {
        IpPrefix p = prefix(cidr, "node/" + nodeName);
        if (p != null) {
          routes.put(
              p,
              new Advertisement(
                  p, Advertisement.Kind.POD_CIDR, "node/" + nodeName, List.of(), List.of(), false));
        }
      }
    }
    Map<String, List<EndpointSlice>> slicesByService = new LinkedHashMap<>();
    for (EndpointSlice s : slices) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc != null) {
        slicesByService
            .computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>())
            .add(s);
      }
    }
    List<Service> sorted = new ArrayList<>(services);
    sorted.sort(Comparator.comparing(RouteModel::key));
    for (Service svc : sorted) {
      service(svc, nodeName, advertise, slicesByService.getOrDefault(key(svc), List.of()), routes);
    }
    if (draining) {
      routes.replaceAll((p, a) -> a.draining());
    }
    boolean reflector = reflectors != null && self != null && reflectors.matches(labels(self));
    return new Result(routes, peers(nodeName, nodeMesh, reflectors, nodes), reflector);
  }

  static String name(Node n) {
    return n.getMetadata() == null ? null : n.getMetadata().getName();
  }

  static String key(Service s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }

  static List<String> podCidrs(Node n) {
    if (n.getSpec() == null) {
      return List.of();
    }
    List<String> l = n.getSpec().getPodCIDRs();
    if (l != null && !l.isEmpty()) {
      return l;
    }
    return n.getSpec().getPodCIDR() == null ? List.of() : List.of(n.getSpec().getPodCIDR());
  }

  private static IpPrefix prefix(String text, String source) {
    try {
      return IpPrefix.parseLenient(text);
    } catch (AddressFormatException e) {
      LOG.warning(source + ": '" + text + "' is not a prefix: ignored");
      return null;
    }
  }

  private static IpPrefix host(String address, String source) {
    try {
      IpAddress a = IpAddress.parse(address);
      return IpPrefix.of(a, a.afi().bits());
    } catch (AddressFormatException e) {
      LOG.warning(source + ": '" + address + "' is not an address: ignored");
      return null;
    }
  }

  private static void service(
      Service svc,
      String nodeName,
      KubernetesConfig.Advertise advertise,
      List<EndpointSlice> slices,
      Map<IpPrefix, Advertisement> out) {
    String source = "service/" + key(svc);
    Map<String, String> ann = svc.getMetadata().getAnnotations();
    if (!Annotations.advertise(ann, source) || svc.getSpec() == null) {
      return;
    }
    Set<Advertisement.Kind> kinds = Annotations.kinds(ann, source);
    List<Integer> communities = Annotations.communities(ann, source);
    List<long[]> large = Annotations.largeCommunities(ann, source);
    boolean local = localEndpoint(slices, nodeName);
    boolean externalLocal = "Local".equals(svc.getSpec().getExternalTrafficPolicy());
    boolean internalLocal = "Local".equals(svc.getSpec().getInternalTrafficPolicy());

    List<String> clusterIps = new ArrayList<>();
    if (svc.getSpec().getClusterIPs() != null && !svc.getSpec().getClusterIPs().isEmpty()) {
      clusterIps.addAll(svc.getSpec().getClusterIPs());
    } else if (svc.getSpec().getClusterIP() != null) {
      clusterIps.add(svc.getSpec().getClusterIP());
    }
    clusterIps.removeIf(ip -> ip.isEmpty() || ip.equals("None"));
    if (advertise.clusterIps()
        && allowed(kinds, Advertisement.Kind.CLUSTER_IP)
        && (!internalLocal || local)) {
      add(out, clusterIps, Advertisement.Kind.CLUSTER_IP, source, communities, large);
    }
    if (advertise.externalIps()
        && allowed(kinds, Advertisement.Kind.EXTERNAL_IP)
        && (!externalLocal || local)
        && svc.getSpec().getExternalIPs() != null) {
      add(
          out,
          svc.getSpec().getExternalIPs(),
          Advertisement.Kind.EXTERNAL_IP,
          source,
          communities,
          large);
    }
    if (advertise.loadBalancerIps()
        && allowed(kinds, Advertisement.Kind.LOAD_BALANCER_IP)
        && (!externalLocal || local)
        && svc.getStatus() != null
        && svc.getStatus().getLoadBalancer() != null
        && svc.getStatus().getLoadBalancer().getIngress() != null) {
      List<String> ips = new ArrayList<>();
      for (LoadBalancerIngress i : svc.getStatus().getLoadBalancer().getIngress()) {
        if (i.getIp() != null && !i.getIp().isEmpty()) {
          ips.add(i.getIp());
        }
      }
      add(out, ips, Advertisement.Kind.LOAD_BALANCER_IP, source, communities, large);
    }
  }

  private static boolean allowed(Set<Advertisement.Kind> kinds, Advertisement.Kind k) {
    return kinds == null || kinds.contains(k);
  }

  private static void add(
      Map<IpPrefix, Advertisement> out,
      List<String> addresses,
      Advertisement.Kind kind,
      String source,
      List<Integer> communities,
      List<long[]> large) {
    for (String a : addresses) {
      IpPrefix p = host(a, source);
      if (p != null) {
        // the first service (in namespace/name order) that claims an address speaks for it
        out.putIfAbsent(p, new Advertisement(p, kind, source, communities, large, false));
      }
    }
  }

  /** Whether a ready endpoint of the service runs on this node (EndpointSlice conditions). */
  static boolean localEndpoint(List<EndpointSlice> slices, String nodeName) {
    for (EndpointSlice s : slices) {
      if (s.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : s.getEndpoints()) {
        boolean ready =
            e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
        if (ready && nodeName.equals(e.getNodeName())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The iBGP peers: every other node's InternalIPs in a full mesh; with reflectors, reflector nodes
   * peer with everyone and the others with the reflectors only; none when neither is configured.
   */
  static Set<IpAddress> peers(
      String nodeName, boolean nodeMesh, LabelSelector reflectors, Collection<Node> nodes) {
    Set<IpAddress> out = new TreeSet<>();
    if (!nodeMesh && reflectors == null) {
      return out;
    }
    Node self = nodes.stream().filter(n -> nodeName.equals(name(n))).findFirst().orElse(null);
    boolean selfIsReflector =
        reflectors != null && self != null && reflectors.matches(labels(self));
    for (Node n : nodes) {
      if (nodeName.equals(name(n))) {
        continue;
      }
      boolean wanted = reflectors == null || selfIsReflector || reflectors.matches(labels(n));
      if (!wanted) {
        continue;
      }
      if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
        continue;
      }
      for (NodeAddress a : n.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType())) {
          try {
            out.add(IpAddress.parse(a.getAddress()));
          } catch (AddressFormatException e) {
            LOG.warning("node/" + name(n) + ": InternalIP '" + a.getAddress() + "': ignored");
          }
        }
      }
    }
    return out;
  }

  static Map<String, String> labels(Node n) {
    Map<String, String> l = n.getMetadata() == null ? null : n.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }
}
