package dev.cairn.rib;

import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A route offered to the RIB by one protocol: a prefix, its next hops (several = ECMP, none =
 * blackhole), and the protocol's own metric. Next hops are kept sorted so that equal sets compare
 * equal.
 *
 * @param metric the protocol's metric (OSPF cost, MED, ...), compared after distance
 */
public record Route(IpPrefix prefix, Protocol protocol, List<NextHop> nextHops, long metric) {

  public Route {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(protocol, "protocol");
    nextHops = NextHopGroup.normalize(nextHops);
  }

  public boolean isBlackhole() {
    return nextHops.isEmpty();
  }

  @Override
  public String toString() {
    return prefix
        + " "
        + protocol.name().toLowerCase()
        + (isBlackhole() ? " blackhole" : " " + nextHops)
        + " metric "
        + metric;
  }
}
