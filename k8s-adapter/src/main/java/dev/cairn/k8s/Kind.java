package dev.cairn.k8s;

/** What a Kubernetes-derived route stands for. */
public enum Kind {
  /** This node's own {@code spec.podCIDR(s)}. */
  POD_CIDR,
  /** Another node's pod CIDR, reached via that node's InternalIP (gateway mode). */
  NODE_POD_CIDR,
  /** A service's {@code spec.clusterIP(s)}. */
  CLUSTER_IP,
  /** A service's {@code spec.externalIPs}. */
  EXTERNAL_IP,
  /** A service's {@code status.loadBalancer.ingress[].ip}. */
  LOAD_BALANCER_IP
}
