package dev.cairn.k8s;

import dev.cairn.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code cairn show kubernetes} prints: an immutable picture of the adapter.
 *
 * @param nodeName this node
 * @param connection the watch connection state
 * @param watchedObjects cached objects per resource ("nodes", "services", "endpointslices")
 * @param draining this node is cordoned or the adapter is stopping: routes carry GRACEFUL_SHUTDOWN
 *     or are already withdrawn
 * @param routes the routes currently announced, with their source objects, sorted by prefix
 * @param peers the current node-mesh peer set (empty without node mesh)
 */
public record KubernetesSnapshot(
    String nodeName,
    KubernetesAdapter.ConnectionState connection,
    Map<String, Integer> watchedObjects,
    boolean draining,
    List<Advertisement> routes,
    Set<IpAddress> peers) {
  public KubernetesSnapshot {
    watchedObjects = Map.copyOf(watchedObjects);
    routes = List.copyOf(routes);
    peers = Set.copyOf(peers);
  }
}
