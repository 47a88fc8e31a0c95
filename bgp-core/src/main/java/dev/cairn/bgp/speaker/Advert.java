package dev.cairn.bgp.speaker;

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
}
