package dev.cairn.ospf.spf;

import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaBody;
import dev.cairn.ospf.wire.LsaBody.NetworkLsa;
import dev.cairn.ospf.wire.LsaBody.RouterLink;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A random single-area topology: routers on a ring plus random point-to-point chords (each
 * direction with its own small cost, so that equal-cost paths abound) and some broadcast LANs, each
 * router with a loopback /32. It produces both the LSDB (router- and network-LSAs) and the plain
 * graph the reference computation walks.
 */
final class GeneratedTopology {
  /** A directed edge of the plain graph; {@code lan} ids are offset by the router count. */
  record Edge(int from, int to, int cost, String fromIf, int toAddress) {}

  final int routers;
  final int lans;
  final List<List<Edge>> out = new ArrayList<>();
  final Map<Integer, List<LocalInterface>> locals = new HashMap<>();
  final Map<LsaKey, Lsa> lsdb = new HashMap<>();
  final int[] lanMask;
  final int[] lanAddress;

  /** Point-to-point links: a, b, subnet, cost a->b, cost b->a, link number. */
  final List<int[]> p2p = new ArrayList<>();

  /** LAN members (router indexes, host k+1 in the LAN's /24 for member k) and their costs. */
  final List<int[][]> lanMembers = new ArrayList<>();

  static int rid(int i) {
    return 0xc0000000 | (i + 1); // 192.0.x.y router ids
  }

  static int loopback(int i) {
    return 0xcb000000 | (i + 1); // 203.x.y.z/32
  }

  GeneratedTopology(int n, int chords, int lanCount, int lanSize, long seed) {
    Random rnd = new Random(seed);
    routers = n;
    lans = lanCount;
    lanMask = new int[lanCount];
    lanAddress = new int[lanCount];
    for (int i = 0; i < n + lanCount; i++) {
      out.add(new ArrayList<>());
    }
    List<List<RouterLink>> links = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      links.add(new ArrayList<>());
      locals.put(i, new ArrayList<>());
    }
    Set<Long> used = new HashSet<>();
    int linkNo = 0;
    List<int[]> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pairs.add(new int[] {i, (i + 1) % n});
    }
    while (pairs.size() < n + chords) {
      int a = rnd.nextInt(n);
      int b = rnd.nextInt(n);
      if (a != b) {
        pairs.add(new int[] {a, b});
      }
    }
    for (int[] p : pairs) {
      long key = Math.min(p[0], p[1]) * 1_000_000L + Math.max(p[0], p[1]);
      if (!used.add(key)) {
        continue;
      }
      int a = p[0];
      int b = p[1];
      int net = 0x0a000000 + 4 * linkNo; // 10.0.0.0/8 link subnets, /30 each
      int addrA = net + 1;
      int addrB = net + 2;
      int costA = 1 + rnd.nextInt(3);
      int costB = 1 + rnd.nextInt(3);
      p2p.add(new int[] {a, b, net, costA, costB, linkNo});
      String ifA = "p" + linkNo + "a";
      String ifB = "p" + linkNo + "b";
      linkNo++;
      links.get(a).add(new RouterLink(rid(b), addrA, LsaBody.LINK_P2P, costA));
      links.get(a).add(new RouterLink(net, 0xfffffffc, LsaBody.LINK_STUB, costA));
      links.get(b).add(new RouterLink(rid(a), addrB, LsaBody.LINK_P2P, costB));
      links.get(b).add(new RouterLink(net, 0xfffffffc, LsaBody.LINK_STUB, costB));
      locals.get(a).add(new LocalInterface(ifA, 0, addrA, 0xfffffffc));
      locals.get(b).add(new LocalInterface(ifB, 0, addrB, 0xfffffffc));
      out.get(a).add(new Edge(a, b, costA, ifA, addrB));
      out.get(b).add(new Edge(b, a, costB, ifB, addrA));
    }
    for (int l = 0; l < lanCount; l++) {
      int net = 0x64400000 + (l << 8); // 100.64.l.0/24
      lanMask[l] = 0xffffff00;
      List<Integer> members = new ArrayList<>();
      while (members.size() < lanSize) {
        int r = rnd.nextInt(n);
        if (!members.contains(r)) {
          members.add(r);
        }
      }
      int drAddr = net + 1;
      lanAddress[l] = drAddr;
      List<Integer> attached = new ArrayList<>();
      int[][] mem = new int[members.size()][];
      lanMembers.add(mem);
      for (int k = 0; k < members.size(); k++) {
        int r = members.get(k);
        int addr = net + 1 + k;
        int cost = 1 + rnd.nextInt(3);
        mem[k] = new int[] {r, cost};
        String ifn = "lan" + l;
        links.get(r).add(new RouterLink(drAddr, addr, LsaBody.LINK_TRANSIT, cost));
        locals.get(r).add(new LocalInterface(ifn, 0, addr, 0xffffff00));
        attached.add(rid(r));
        out.get(r).add(new Edge(r, n + l, cost, ifn, 0));
        out.get(n + l).add(new Edge(n + l, r, 0, null, addr));
      }
      Lsa net2 =
          Lsa.build(
              0,
              2,
              drAddr,
              rid(members.get(0)),
              LsaHeader.INITIAL_SEQ,
              new NetworkLsa(0xffffff00, attached));
      lsdb.put(net2.key(), net2);
    }
    for (int i = 0; i < n; i++) {
      links.get(i).add(new RouterLink(loopback(i), 0xffffffff, LsaBody.LINK_STUB, 0));
      Lsa r =
          Lsa.build(0, 2, rid(i), rid(i), LsaHeader.INITIAL_SEQ, new RouterLsa(0, links.get(i)));
      lsdb.put(r.key(), r);
    }
  }

  LsaLookup lookup() {
    return new LsaLookup() {
      @Override
      public Lsa get(LsaKey key) {
        return lsdb.get(key);
      }

      @Override
      public Iterable<Lsa> ofType(int type) {
        return lsdb.values().stream().filter(l -> l.header().type() == type).toList();
      }
    };
  }
}
