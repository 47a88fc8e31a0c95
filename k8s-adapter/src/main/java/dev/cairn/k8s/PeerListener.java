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
}
