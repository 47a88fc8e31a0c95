package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Routes taken from the Kubernetes API.
 *
 * @param kubeconfig absent: the in-cluster service account
 * @param nodeName this node's name; absent: the k8s adapter uses {@code $NODE_NAME}
 * @param mesh iBGP with every other node found in the API, and what those sessions accept
 * @param routeReflectorSelector label selector of the nodes that act as route reflectors; nodes
 *     peer with those instead of a full mesh. Default {@link #DEFAULT_REFLECTOR_SELECTOR}, a label
 *     a kubelet cannot set on its own node
 * @param allowedCommunities the only communities a Service annotation may attach (default none)
 */
public record KubernetesConfig(
    Optional<Path> kubeconfig,
    Optional<String> nodeName,
    Advertise advertise,
    NodeMesh mesh,
    Optional<String> routeReflectorSelector,
    AllowedCommunities allowedCommunities) {

  /**
   * The default route-reflector selector. Labels under {@code node-restriction.kubernetes.io/} can
   * only be set by someone allowed to edit Node objects, never by a kubelet on its own node (the
   * NodeRestriction admission plugin), so a compromised node cannot make itself a reflector.
   */
  public static final String DEFAULT_REFLECTOR_SELECTOR =
      "node-restriction.kubernetes.io/cairn-route-reflector=true";

  public KubernetesConfig {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(advertise, "advertise");
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(routeReflectorSelector, "routeReflectorSelector");
    Objects.requireNonNull(allowedCommunities, "allowedCommunities");
  }

  /** The defaults of the newer settings: the default mesh, no annotation communities allowed. */
  public KubernetesConfig(
      Optional<Path> kubeconfig,
      Optional<String> nodeName,
      Advertise advertise,
      boolean nodeMesh,
      Optional<String> routeReflectorSelector) {
    this(
        kubeconfig,
        nodeName,
        advertise,
        NodeMesh.DEFAULT.withEnabled(nodeMesh),
        routeReflectorSelector,
        AllowedCommunities.NONE);
  }

  /** Whether the node mesh is on. */
  public boolean nodeMesh() {
    return mesh.enabled();
  }

  /**
   * Which Kubernetes addresses become routes. Default: pod CIDRs only.
   *
   * @param externalIpRanges {@code spec.externalIPs} are announced only inside these (any user who
   *     can create a Service can write any address there: CVE-2020-8554); empty: none
   * @param loadBalancerIpRanges LoadBalancer ingress IPs are announced only inside these; absent:
   *     no restriction (a controller assigns them, not the Service's author)
   * @param clusterIpRanges the cluster's service CIDRs: cluster IPs outside them are not announced;
   *     absent: no restriction (the API server allocates cluster IPs inside its service CIDR)
   */
  public record Advertise(
      boolean podCidrs,
      boolean clusterIps,
      boolean externalIps,
      boolean loadBalancerIps,
      List<IpPrefix> externalIpRanges,
      Optional<List<IpPrefix>> loadBalancerIpRanges,
      Optional<List<IpPrefix>> clusterIpRanges) {
    public static final Advertise DEFAULT = new Advertise(true, false, false, false);

    public Advertise {
      externalIpRanges = List.copyOf(externalIpRanges);
      loadBalancerIpRanges = loadBalancerIpRanges.map(List::copyOf);
      clusterIpRanges = clusterIpRanges.map(List::copyOf);
    }

    /** No external IP ranges (none announced), no restriction on LoadBalancer and cluster IPs. */
    public Advertise(
        boolean podCidrs, boolean clusterIps, boolean externalIps, boolean loadBalancerIps) {
      this(
          podCidrs,
          clusterIps,
          externalIps,
          loadBalancerIps,
          List.of(),
          Optional.empty(),
          Optional.empty());
    }

    /** This with {@code externalIpRanges} replaced. */
    public Advertise withExternalIpRanges(List<IpPrefix> ranges) {
      return new Advertise(
          podCidrs,
          clusterIps,
          externalIps,
          loadBalancerIps,
          ranges,
          loadBalancerIpRanges,
          clusterIpRanges);
    }

    /** This with {@code loadBalancerIpRanges} replaced. */
    public Advertise withLoadBalancerIpRanges(Optional<List<IpPrefix>> ranges) {
      return new Advertise(
          podCidrs,
          clusterIps,
          externalIps,
          loadBalancerIps,
          externalIpRanges,
          ranges,
          clusterIpRanges);
    }

    /** This with {@code clusterIpRanges} replaced. */
    public Advertise withClusterIpRanges(Optional<List<IpPrefix>> ranges) {
      return new Advertise(
          podCidrs,
          clusterIps,
          externalIps,
          loadBalancerIps,
          externalIpRanges,
          loadBalancerIpRanges,
          ranges);
    }

    /** Whether an external IP may be announced. */
    public boolean externalIpAllowed(IpAddress a) {
      return within(externalIpRanges, a);
    }

    /** Whether a LoadBalancer ingress IP may be announced. */
    public boolean loadBalancerIpAllowed(IpAddress a) {
      return loadBalancerIpRanges.map(r -> within(r, a)).orElse(true);
    }

    /** Whether a cluster IP may be announced. */
    public boolean clusterIpAllowed(IpAddress a) {
      return clusterIpRanges.map(r -> within(r, a)).orElse(true);
    }

    /**
     * The ranges configured for service addresses (cluster, external and LoadBalancer IPs): what
     * the node mesh accepts from every node besides pod CIDRs.
     */
    public List<IpPrefix> serviceRanges() {
      List<IpPrefix> out = new java.util.ArrayList<>();
      clusterIpRanges.ifPresent(out::addAll);
      out.addAll(externalIpRanges);
      loadBalancerIpRanges.ifPresent(out::addAll);
      return List.copyOf(out);
    }

    private static boolean within(List<IpPrefix> ranges, IpAddress a) {
      for (IpPrefix r : ranges) {
        if (r.contains(a)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The node mesh's sessions.
   *
   * @param enabled iBGP with every other node (default true)
   * @param password TCP-MD5 key (RFC 2385) on every mesh session
   * @param ttlSecurity GTSM (RFC 5082) on every mesh session: the other node is at most this many
   *     hops away
   * @param maxPrefixes the most prefixes accepted from one node (0: no limit); more end the session
   */
  public record NodeMesh(
      boolean enabled, Optional<String> password, OptionalInt ttlSecurity, long maxPrefixes) {
    public static final long DEFAULT_MAX_PREFIXES = 1000;
    public static final NodeMesh DEFAULT =
        new NodeMesh(true, Optional.empty(), OptionalInt.empty(), DEFAULT_MAX_PREFIXES);

    public NodeMesh {
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(ttlSecurity, "ttlSecurity");
    }

    public NodeMesh withEnabled(boolean on) {
      return new NodeMesh(on, password, ttlSecurity, maxPrefixes);
    }

    @Override
    public String toString() {
      return "NodeMesh[enabled="
          + enabled
          + ", password="
          + password.map(p -> "<redacted>")
          + ", ttlSecurity="
          + ttlSecurity
          + ", maxPrefixes="
          + maxPrefixes
          + "]";
    }
  }

  /**
   * The communities that Service annotations may attach; any other is ignored (and logged). The
   * annotations carry standard and large communities only.
   */
  public record AllowedCommunities(List<Community> standard, List<LargeCommunity> large) {
    public static final AllowedCommunities NONE = new AllowedCommunities(List.of(), List.of());

    public AllowedCommunities {
      standard = List.copyOf(standard);
      large = List.copyOf(large);
    }

    public boolean allows(long community) {
      for (Community c : standard) {
        if (c.value() == community) {
          return true;
        }
      }
      return false;
    }

    public boolean allows(LargeCommunity c) {
      return large.contains(c);
    }

    public boolean isEmpty() {
      return standard.isEmpty() && large.isEmpty();
    }
  }
}
