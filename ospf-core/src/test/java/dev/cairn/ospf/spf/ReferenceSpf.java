package dev.cairn.ospf.spf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The test oracle: textbook Dijkstra over {@link GeneratedTopology}'s plain graph (no LSAs), then
 * first hops propagated over the shortest-path DAG in (distance, LANs first) order, which is a
 * topological order because the only zero-cost edges go from a LAN to its routers.
 */
final class ReferenceSpf {
  final long[] dist;
  final List<Set<Hop>> hops = new ArrayList<>();

  ReferenceSpf(GeneratedTopology t, int root) {
    int n = t.routers + t.lans;
    dist = new long[n];
    Arrays.fill(dist, Long.MAX_VALUE);
    dist[root] = 0;
    PriorityQueue<long[]> pq = new PriorityQueue<>(Comparator.comparingLong(a -> a[0]));
    pq.add(new long[] {0, root});
    while (!pq.isEmpty()) {
      long[] e = pq.poll();
      int u = (int) e[1];
      if (e[0] > dist[u]) {
        continue;
      }
      for (GeneratedTopology.Edge ed : t.out.get(u)) {
        long d = dist[u] + ed.cost();
        if (d < dist[ed.to()]) {
          dist[ed.to()] = d;
          pq.add(new long[] {d, ed.to()});
        }
      }
    }
    for (int i = 0; i < n; i++) {
      hops.add(new TreeSet<>());
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int routers = t.routers;
    Arrays.sort(
        order,
        Comparator.<Integer>comparingLong(i -> dist[i]).thenComparing(i -> i < routers ? 1 : 0));
    for (int u : order) {
      if (dist[u] == Long.MAX_VALUE) {
        continue;
      }
      for (GeneratedTopology.Edge ed : t.out.get(u)) {
        int v = ed.to();
        if (v == root || dist[u] + ed.cost() != dist[v]) {
          continue;
        }
        if (u == root) {
          hops.get(v).add(new Hop(ed.fromIf(), v < routers ? ed.toAddress() : 0));
        } else if (u >= routers && isDirect(t, root, u)) {
          // a router behind a LAN the root is on: the gateway is its address on that LAN
          for (Hop h : hops.get(u)) {
            hops.get(v).add(h.gateway() == 0 ? new Hop(h.interfaceName(), ed.toAddress()) : h);
          }
        } else {
          hops.get(v).addAll(hops.get(u));
        }
      }
    }
  }

  private boolean isDirect(GeneratedTopology t, int root, int lan) {
    for (GeneratedTopology.Edge e : t.out.get(root)) {
      if (e.to() == lan && dist[root] + e.cost() == dist[lan]) {
        return true;
      }
    }
    return false;
  }
}
