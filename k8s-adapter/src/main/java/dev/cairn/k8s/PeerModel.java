package dev.cairn.k8s;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node-mesh peer set as a pure function of the Node objects: every other node's InternalIPs
 * (IPv4 and IPv6). With a route-reflector selector, a node that matches it (a reflector) peers with
 * every other node, and any other node peers only with the reflectors. While no node matches the
 * selector (reflectors not labelled yet, or all gone) every node keeps the full mesh, so the
 * cluster is never cut apart: labelling the first reflector is what switches the mesh over.
 *
 * <p>{@link #imports} says what each peer may announce: its own pod CIDRs (a reflector: every other
 * node's) and the service ranges.
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

  /**
   * What each peer of {@link #compute} may announce, by peer address: prefixes inside its node's
   * pod CIDRs, or inside any other node's when that node is a route reflector (reflectors pass the
   * other nodes' routes on), and prefixes inside {@code serviceRanges}.
   */
  public Map<IpAddress, MeshImport> imports(Collection<Node> nodes, List<IpPrefix> serviceRanges) {
    Set<IpAddress> peers = compute(nodes);
    boolean reflectorMode = reflectorMode(nodes);
    List<IpPrefix> othersPods = new ArrayList<>();
    for (Node n : nodes) {
      if (n.getMetadata() != null && !nodeName.equals(n.getMetadata().getName())) {
        othersPods.addAll(RouteModel.podCidrs(n));
      }
    }
    Map<IpAddress, MeshImport> out = new TreeMap<>();
    for (Node n : nodes) {
      if (n.getMetadata() == null || nodeName.equals(n.getMetadata().getName())) {
        continue;
      }
      List<IpPrefix> pods =
          reflectorMode && isReflector(n) ? othersPods : List.copyOf(RouteModel.podCidrs(n));
      for (IpAddress a : RouteModel.internalIps(n)) {
        if (peers.contains(a)) {
          // two nodes claiming one address: the first keeps it (the session is one anyway)
          out.putIfAbsent(a, new MeshImport(pods, serviceRanges));
        }
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
