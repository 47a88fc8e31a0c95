package dev.cairn.daemon;

import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.k8s.MeshImport;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;

/**
 * The import policy of a Kubernetes node-mesh session: what the adapter's {@link MeshImport} says
 * that node may announce, nothing else. A record, so the speaker sees an unchanged policy as equal
 * (no route refresh) and a changed one as different (a route refresh asks the node to send again).
 */
record MeshImportPolicy(MeshImport allowed) implements RoutePolicy {
  /** The name {@code show bgp neighbors} prints as the mesh sessions' import policy. */
  static final String NAME = "kubernetes-node-mesh";

  @Override
  public PathAttributes apply(IpPrefix prefix, PathAttributes attrs, IpAddress neighbor) {
    return allowed != null && allowed.accepts(prefix) ? attrs : null;
  }
}
