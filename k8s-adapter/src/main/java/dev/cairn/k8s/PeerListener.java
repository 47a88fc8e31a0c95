package dev.cairn.k8s;

import dev.cairn.net.IpAddress;
import java.util.Set;

/**
 * Receives the node-mesh peer set from the {@link KubernetesAdapter}, on the adapter's event
 * thread, only when the set changes. The daemon diffs it against its dynamic neighbors.
 */
public interface PeerListener {
  /** The complete new set of peer addresses (immutable). */
  void peersChanged(Set<IpAddress> peers);

  /**
   * As {@link #peersChanged(Set)}, also saying whether this node is a route reflector (its peers
   * are then its clients). The adapter calls this one.
   */
  default void peersChanged(Set<IpAddress> peers, boolean selfReflector) {
    peersChanged(peers);
  }
}
