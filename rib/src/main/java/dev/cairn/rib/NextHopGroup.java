package dev.cairn.rib;

import java.util.List;

/**
 * A set of next hops shared by every route that uses exactly this set: the unit the FIB writer
 * programs as one kernel nexthop group, so a change of a VIP's ECMP set rewrites one group.
 * Instances are interned by {@link Rib}: equal sets are the same object.
 */
public record NextHopGroup(List<NextHop> nextHops) {
  public NextHopGroup {
    nextHops = normalize(nextHops);
  }

  /** {@code hops} sorted, without duplicates, immutable (the same list when it already is). */
  public static List<NextHop> normalize(List<NextHop> hops) {
    List<NextHop> copy = List.copyOf(hops); // the same list when it is immutable already
    boolean ascending = true;
    for (int i = 1; i < copy.size() && ascending; i++) {
      ascending = copy.get(i - 1).compareTo(copy.get(i)) < 0;
    }
    if (ascending) {
      return copy; // sorted and without duplicates: shared lists stay shared
    }
    NextHop[] a = copy.toArray(new NextHop[0]);
    java.util.Arrays.sort(a);
    int n = 0;
    for (NextHop h : a) {
      if (n == 0 || !h.equals(a[n - 1])) {
        a[n++] = h;
      }
    }
    return List.of(n == a.length ? a : java.util.Arrays.copyOf(a, n));
  }

  public boolean isBlackhole() {
    return nextHops.isEmpty();
  }

  @Override
  public String toString() {
    return isBlackhole() ? "blackhole" : nextHops.toString();
  }
}
