package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.spf.GeneratedTopologyAccess;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A generated topology run with the whole protocol (hellos, DR election, database exchange,
 * flooding, SPF) over in-memory links on virtual time: every router's RIB ends up with the
 * reference computation's cost and next-hop set for every other router's loopback. 200 routers by
 * default (3 s); {@code -Dospf.convergence.routers=1000} runs the 1,000-router version (~130 s).
 */
class FloodingConvergenceTest {
  static final int ROUTERS = Integer.getInteger("ospf.convergence.routers", 200);

  @Test
  void generatedTopologyConvergesToTheReferenceRoutes() {
    GeneratedTopologyAccess t =
        new GeneratedTopologyAccess(ROUTERS, ROUTERS / 2, ROUTERS / 50, 4, 7);
    Lab lab = new Lab();
    lab.log.setLength(0);
    List<OspfRouter> rs = new ArrayList<>();
    for (int i = 0; i < ROUTERS; i++) {
      rs.add(lab.router("r" + i, new Ipv4Address(GeneratedTopologyAccess.rid(i)).toString()));
    }
    for (int[] l : t.p2p()) {
      InMemorySegment seg = new InMemorySegment(l[2], 30);
      lab.attach(rs.get(l[0]), seg, "p" + l[5] + "a", 1, InterfaceSettings.pointToPoint(0, l[3]));
      lab.attach(rs.get(l[1]), seg, "p" + l[5] + "b", 2, InterfaceSettings.pointToPoint(0, l[4]));
    }
    for (int lan = 0; lan < t.lans(); lan++) {
      int[][] mem = t.lanMembers().get(lan);
      InMemorySegment seg = new InMemorySegment(t.lanAddress(lan) - 1, 24);
      for (int k = 0; k < mem.length; k++) {
        lab.attach(
            rs.get(mem[k][0]), seg, "lan" + lan, k + 1, InterfaceSettings.broadcast(0, mem[k][1]));
      }
    }
    for (int i = 0; i < ROUTERS; i++) {
      InMemorySegment lo = new InMemorySegment(GeneratedTopologyAccess.loopback(i), 32);
      lab.attach(rs.get(i), lo, "lo", 0, InterfaceSettings.broadcast(0, 0).withPassive(true));
    }
    long t0 = System.nanoTime();
    rs.forEach(OspfRouter::start);
    int[] probe = {0, ROUTERS / 2, ROUTERS - 1};
    lab.await(
        Duration.ofSeconds(600),
        () -> {
          for (int p : probe) {
            if (lab.sinks.get("r" + p).routes.size() < ROUTERS - 1) {
              return false;
            }
          }
          return true;
        },
        "convergence");
    lab.run(Duration.ofSeconds(30));
    long wall = (System.nanoTime() - t0) / 1_000_000;
    for (int root = 0; root < ROUTERS; root++) {
      Lab.Sink s = lab.sinks.get("r" + root);
      var ref = t.reference(root);
      for (int i = 0; i < ROUTERS; i++) {
        if (i == root) {
          continue;
        }
        Route got = s.get(new Ipv4Address(GeneratedTopologyAccess.loopback(i)) + "/32");
        String where = "router " + root + " to " + i;
        assertEquals(ref.cost(i), got == null ? -1 : got.metric(), where);
        TreeSet<String> want = new TreeSet<>();
        ref.hops(i)
            .forEach(
                h ->
                    want.add(
                        new NextHop(new Ipv4Address(h.gateway()), h.interfaceName()).toString()));
        TreeSet<String> have = new TreeSet<>();
        got.nextHops().forEach(h -> have.add(h.toString()));
        assertEquals(want, have, where);
      }
    }
    System.out.println(
        "flooding convergence: "
            + ROUTERS
            + " routers, virtual "
            + lab.loop.elapsed().toSeconds()
            + " s, wall "
            + wall
            + " ms");
  }
}
