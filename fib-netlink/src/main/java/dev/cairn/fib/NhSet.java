package dev.cairn.fib;

import java.util.List;

/**
 * A distinct set of next hops (sorted, no duplicates): the identity of a nexthop group. The empty
 * set is a blackhole.
 */
record NhSet(List<NhKey> members) {
  static final NhSet BLACKHOLE = new NhSet(List.of());

  NhSet {
    members = members.stream().sorted().distinct().toList();
  }

  boolean isBlackhole() {
    return members.isEmpty();
  }
}
