package dev.cairn.rib;

import java.util.List;

/**
 * A set of next hops shared by every route that uses exactly this set: the unit the FIB writer
 * programs as one kernel nexthop group, so a change of a VIP's ECMP set rewrites one group.
 * Instances are interned by {@link Rib}: equal sets are the same object.
 */
public record NextHopGroup(List<NextHop> nextHops) {
  public NextHopGroup {
    nextHops = nextHops.stream().sorted().distinct().toList();
  }

  public boolean isBlackhole() {
    return nextHops.isEmpty();
  }

  @Override
  public String toString() {
    return isBlackhole() ? "blackhole" : nextHops.toString();
  }
}
