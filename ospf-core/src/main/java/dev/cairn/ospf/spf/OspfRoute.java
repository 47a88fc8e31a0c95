package dev.cairn.ospf.spf;

import dev.cairn.net.Ipv4Prefix;
import dev.cairn.rib.Protocol;
import java.util.SortedSet;

/**
 * A routing table entry (RFC 2328 11): the path type, its cost, for type-2 externals the type-2
 * metric (and {@code cost} is then the distance to the ASBR), and every equal-cost next hop.
 */
public record OspfRoute(
    Ipv4Prefix prefix, Protocol pathType, long cost, long type2Cost, SortedSet<Hop> nextHops) {

  /** The metric the RIB sees: the type-2 metric for E2 routes, the cost otherwise. */
  public long ribMetric() {
    return pathType == Protocol.OSPF_EXTERNAL_2 ? type2Cost : cost;
  }
}
