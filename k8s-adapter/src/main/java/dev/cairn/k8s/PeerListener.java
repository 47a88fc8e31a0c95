package dev.cairn.k8s;

import dev.cairn.net.IpAddress;
import java.util.Map;
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

  /**
   * As {@link #peersChanged(Set, boolean)}, also saying what each peer may announce (the mesh's
   * import policy). The adapter calls this one, also when only the imports changed.
   */
  default void peersChanged(
      Set<IpAddress> peers, boolean selfReflector, Map<IpAddress, MeshImport> imports) {
    peersChanged(peers, selfReflector);
  }
}
