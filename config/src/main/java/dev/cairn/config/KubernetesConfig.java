package dev.cairn.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes taken from the Kubernetes API.
 *
 * @param kubeconfig absent: the in-cluster service account
 * @param nodeName this node's name; absent: the k8s adapter uses {@code $NODE_NAME}
 * @param nodeMesh iBGP with every other node found in the API (default true)
 * @param routeReflectorSelector label selector of the nodes that act as route reflectors (e.g.
 *     {@code cairn.dev/route-reflector=true}); nodes peer with those instead of a full mesh
 */
public record KubernetesConfig(
    Optional<Path> kubeconfig,
    Optional<String> nodeName,
    Advertise advertise,
    boolean nodeMesh,
    Optional<String> routeReflectorSelector) {

  public KubernetesConfig {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(advertise, "advertise");
    Objects.requireNonNull(routeReflectorSelector, "routeReflectorSelector");
  }

  /** Which Kubernetes addresses become routes. Default: pod CIDRs only. */
  public record Advertise(
      boolean podCidrs, boolean clusterIps, boolean externalIps, boolean loadBalancerIps) {
    public static final Advertise DEFAULT = new Advertise(true, false, false, false);
  }
}
