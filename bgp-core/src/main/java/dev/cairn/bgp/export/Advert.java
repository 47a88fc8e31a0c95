// What one neighbor is sent for one prefix (RFC 4271 §4.3; RFC 4760 §3 MP next hop).
package dev.cairn.bgp.export;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpAddress;

/**
 * What one neighbor is sent for one prefix: the path attributes and, for IPv6 (MP_REACH_NLRI), the
 * next hop, which {@link PathAttributes} cannot hold. For IPv4 the next hop is the NEXT_HOP
 * attribute and {@code mpNextHop} is null.
 */
public record Advert(PathAttributes attributes, IpAddress mpNextHop) {

  /** The next hop the neighbor is told, whatever the family. */
  public IpAddress nextHop() {
    return mpNextHop != null ? mpNextHop : attributes.nextHop();
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Advert a
            && a.attributes.equals(attributes)
            && java.util.Objects.equals(a.mpNextHop, mpNextHop));
  }

  @Override
  public int hashCode() {
    return attributes.hashCode() * 31 + java.util.Objects.hashCode(mpNextHop);
  }
}
