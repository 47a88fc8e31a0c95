// The MP_REACH_NLRI attribute (RFC 4760 §3).
package dev.cairn.bgp.wire;

import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv6Address;
import java.util.Objects;

/**
 * MP_REACH_NLRI (RFC 4760 §3): reachable prefixes of one family and their next hop. An IPv6 next
 * hop may come with a link-local second address (RFC 2545 §3); IPv4 NLRI may have an IPv6 next hop
 * (RFC 8950).
 *
 * @param linkLocalNextHop the second, link-local IPv6 next hop, or {@code null}
 */
public record MpReach(
    Family family, IpAddress nextHop, Ipv6Address linkLocalNextHop, NlriList nlri) {
  public MpReach {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(nextHop, "nextHop");
    Objects.requireNonNull(nlri, "nlri");
    if (nlri.afi() != family.afi()) {
      throw new IllegalArgumentException("NLRI of " + nlri.afi() + " in " + family);
    }
    if (linkLocalNextHop != null && !(nextHop instanceof Ipv6Address)) {
      throw new IllegalArgumentException("a link-local next hop needs an IPv6 global next hop");
    }
  }

  @Override
  public String toString() {
    return family
        + " next-hop="
        + nextHop
        + (linkLocalNextHop != null ? "," + linkLocalNextHop : "")
        + " nlri="
        + nlri;
  }
}
