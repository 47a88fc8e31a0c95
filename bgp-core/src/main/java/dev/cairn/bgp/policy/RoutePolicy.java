// The import and export policy interface the speaker applies (RFC 4271 §9.1.1, §9.2; RFC 8212).
package dev.cairn.bgp.policy;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;

/**
 * An import or export policy as the speaker applies it: the route's attributes in, the attributes
 * to use out, or {@code null} to reject. Policies are built by the daemon from the configuration;
 * the speaker does not know where they come from.
 */
@FunctionalInterface
public interface RoutePolicy {

  /**
   * @param neighbor the neighbor the route comes from (import) or goes to (export)
   */
  PathAttributes apply(IpPrefix prefix, PathAttributes attrs, IpAddress neighbor);

  /**
   * What the speaker calls: as {@link #apply(IpPrefix, PathAttributes, IpAddress)}, and a policy
   * that changes the next hop does so in {@code nextHop} (for either family: the speaker writes an
   * IPv4 one into NEXT_HOP, an IPv6 one into MP_REACH_NLRI, and installs an imported one in the
   * RIB), not in the attributes' NEXT_HOP. The default ignores {@code nextHop}.
   */
  default PathAttributes apply(
      IpPrefix prefix, PathAttributes attrs, IpAddress neighbor, PolicyNextHop nextHop) {
    return apply(prefix, attrs, neighbor);
  }

  RoutePolicy ACCEPT_ALL = (p, a, n) -> a;
  RoutePolicy REJECT_ALL = (p, a, n) -> null;
}
