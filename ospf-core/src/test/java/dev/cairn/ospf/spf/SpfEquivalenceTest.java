package dev.cairn.ospf.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Prefix;
import dev.cairn.rib.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A generated 1,000-router area (ring + random chords with small asymmetric costs, 20 broadcast
 * LANs): for every router as the calculating root, the SPF's route to every other router's loopback
 * and to every LAN has the reference computation's cost and exactly its set of equal-cost next
 * hops. The LSDB is injected (no flooding); flooding convergence is covered by
 * FloodingConvergenceTest.
 */
class SpfEquivalenceTest {

  @Test
  void thousandRouterTopologyMatchesTheReferenceForEveryRoot() {
    GeneratedTopology t = new GeneratedTopology(1000, 1500, 20, 5, 42);
    long multiHop = 0;
    long compared = 0;
    for (int root = 0; root < t.routers; root++) {
      Spf.Result r =
          Spf.compute(
              GeneratedTopology.rid(root),
              List.of(new Spf.AreaInput(0, t.lookup())),
              null,
              t.locals.get(root));
      ReferenceSpf ref = new ReferenceSpf(t, root);
      Map<Ipv4Prefix, OspfRoute> routes = r.routes();
      for (int i = 0; i < t.routers; i++) {
        if (i == root) {
          continue;
        }
        OspfRoute got = routes.get(Ipv4Prefix.of(GeneratedTopology.loopback(i), 32));
        String where = "root " + root + " to router " + i;
        assertEquals(ref.dist[i], got.cost(), where);
        assertEquals(ref.hops.get(i), got.nextHops(), where);
        assertEquals(Protocol.OSPF_INTRA_AREA, got.pathType());
        multiHop += got.nextHops().size() > 1 ? 1 : 0;
        compared++;
      }
      for (int l = 0; l < t.lans; l++) {
        OspfRoute got = routes.get(Ipv4Prefix.of(t.lanAddress[l], 24));
        int v = t.routers + l;
        assertEquals(ref.dist[v], got.cost(), "root " + root + " to LAN " + l);
        assertEquals(ref.hops.get(v), got.nextHops(), "root " + root + " to LAN " + l);
      }
    }
    assertEquals(999_000, compared);
    // the topology really exercises ECMP
    assertTrue(multiHop > 50_000, "ECMP routes: " + multiHop);
  }
}
