// The next-hop lists of multipath routes (RFC 4271 §9.1.4 left open; eBGP/iBGP multipath),
// shared so that the RIB finds a route's next-hop group by identity.
package dev.cairn.bgp.table;

import dev.cairn.rib.NextHop;
import dev.cairn.rib.NextHopGroup;
import java.util.List;

/**
 * Multipath next-hop lists, shared like the one-hop lists of {@link Hop}: the sets in use are few
 * (subsets of the neighbors), and a shared list lets the RIB find its next-hop group by identity. A
 * small round-robin cache keyed by the paths' {@link Hop} objects.
 */
final class MultipathLists {
  private static final int SIZE = 16;
  private final Hop[][] keys = new Hop[SIZE][];
  private final List<?>[] lists = new List<?>[SIZE];
  private int next;

  /** The next-hop list of {@code d}'s multipath set. */
  @SuppressWarnings("unchecked")
  List<NextHop> of(Dest d) {
    int n = d.multipathSize();
    candidates:
    for (int k = 0; k < SIZE; k++) {
      Hop[] key = keys[k];
      if (key == null || key.length != n) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        Hop h = d.multipathAt(i).hop;
        boolean found = false;
        for (int j = 0; j < n && !found; j++) {
          found = key[j] == h;
        }
        if (!found) {
          continue candidates;
        }
      }
      return (List<NextHop>) lists[k];
    }
    Hop[] key = new Hop[n];
    NextHop[] hops = new NextHop[n];
    for (int i = 0; i < n; i++) {
      key[i] = d.multipathAt(i).hop;
      hops[i] = key[i].single.get(0);
    }
    List<NextHop> list = NextHopGroup.normalize(List.of(hops));
    int k = next++ & (SIZE - 1);
    keys[k] = key;
    lists[k] = list;
    return list;
  }
}
