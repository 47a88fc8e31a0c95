package dev.cairn.k8s;

import dev.cairn.net.IpAddress;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node-mesh peer set as a pure function of the Node objects: every other node's InternalIPs
 * (IPv4 and IPv6). With a route-reflector selector, a node that matches it (a reflector) peers with
 * every other node, and any other node peers only with the reflectors. While no node matches the
 * selector (reflectors not labelled yet, or all gone) every node keeps the full mesh, so the
 * cluster is never cut apart: labelling the first reflector is what switches the mesh over.
 */
public final class PeerModel {
  private final String nodeName;
  private final Optional<LabelSelector> reflectors;

  public PeerModel(String nodeName, Optional<LabelSelector> reflectors) {
    this.nodeName = Objects.requireNonNull(nodeName);
    this.reflectors = Objects.requireNonNull(reflectors);
  }

  /** Whether a reflector selector is configured and this node's labels match it. */
  public boolean selfIsReflector(Collection<Node> nodes) {
    if (reflectors.isEmpty()) {
      return false;
    }
    for (Node n : nodes) {
      if (n.getMetadata() != null && nodeName.equals(n.getMetadata().getName()) && isReflector(n)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the nodes peer with reflectors: a selector is configured and some node matches it. */
  public boolean reflectorMode(Collection<Node> nodes) {
    if (reflectors.isEmpty()) {
      return false;
    }
    for (Node n : nodes) {
      if (isReflector(n)) {
        return true;
      }
    }
    return false;
  }

  private boolean isReflector(Node n) {
    return n.getMetadata() != null && reflectors.get().matches(n.getMetadata().getLabels());
  }

  /** The peer addresses, sorted. */
  public Set<IpAddress> compute(Collection<Node> nodes) {
    boolean everyone = !reflectorMode(nodes) || selfIsReflector(nodes);
    Set<IpAddress> out = new TreeSet<>();
    for (Node n : nodes) {
      if (n.getMetadata() == null || nodeName.equals(n.getMetadata().getName())) {
        continue;
      }
      boolean peer = everyone || isReflector(n);
      if (peer) {
        out.addAll(RouteModel.internalIps(n));
      }
    }
    return java.util.Collections.unmodifiableSet(out);
  }
}
