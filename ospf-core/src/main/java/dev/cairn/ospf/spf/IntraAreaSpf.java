package dev.cairn.ospf.spf;

import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaBody;
import dev.cairn.ospf.wire.LsaBody.NetworkLsa;
import dev.cairn.ospf.wire.LsaBody.RouterLink;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaKey;
import dev.cairn.ospf.wire.LsaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shortest-path tree of one area (RFC 2328 16.1) with every equal-cost next hop (16.1.1), and
 * the intra-area routes to its transit and stub networks.
 */
final class IntraAreaSpf {

  /** A vertex of the tree: a router (by router id) or a transit network (by its DR's address). */
  static final class Vertex {
    final boolean network;
    final int id;
    final Lsa lsa;
    long dist = Long.MAX_VALUE;
    final Set<Hop> hops = new TreeSet<>();
    boolean done;

    /** Parents at the current distance, for the next-hop rules at the root's neighbors. */
    final List<Vertex> parents = new ArrayList<>();

    Vertex(boolean network, int id, Lsa lsa) {
      this.network = network;
      this.id = id;
      this.lsa = lsa;
    }
  }

  /** A router reached in the area, with its B/E flags. */
  record RouterEntry(int routerId, long cost, Set<Hop> hops, int flags) {}

  final int areaId;
  final Map<Integer, RouterEntry> routers = new HashMap<>();
  final Map<Ipv4Prefix, RouteBuilder> routes = new HashMap<>();

  private final int root;
  private final LsaLookup db;
  private final List<LocalInterface> locals;
  private final Map<Long, Vertex> vertices = new HashMap<>();

  IntraAreaSpf(int areaId, int root, LsaLookup db, List<LocalInterface> locals) {
    this.areaId = areaId;
    this.root = root;
    this.db = db;
    this.locals = locals;
  }

  private static long vkey(boolean net, int id) {
    return (net ? 1L << 32 : 0) | (id & 0xffffffffL);
  }

  private Vertex vertex(boolean net, int id, Lsa lsa) {
    return vertices.computeIfAbsent(vkey(net, id), k -> new Vertex(net, id, lsa));
  }

  private record QueueItem(long dist, Vertex v, long order) implements Comparable<QueueItem> {
    @Override
    public int compareTo(QueueItem o) {
      if (dist != o.dist) {
        return Long.compare(dist, o.dist);
      }
      // networks first at equal cost (16.1 step 3), then insertion order
      if (v.network != o.v.network) {
        return v.network ? -1 : 1;
      }
      return Long.compare(order, o.order);
    }
  }

  void run() {
    Lsa rootLsa = db.get(new LsaKey(LsaType.ROUTER, root, root));
    if (rootLsa == null) {
      return;
    }
    Vertex r = vertex(false, root, rootLsa);
    r.dist = 0;
    PriorityQueue<QueueItem> pq = new PriorityQueue<>();
    long order = 0;
    pq.add(new QueueItem(0, r, order++));
    List<Vertex> tree = new ArrayList<>();
    while (!pq.isEmpty()) {
      QueueItem it = pq.poll();
      Vertex v = it.v;
      if (v.done || it.dist != v.dist) {
        continue;
      }
      v.done = true;
      tree.add(v);
      if (v.network) {
        NetworkLsa n = (NetworkLsa) v.lsa.body();
        for (int att : n.attachedRouters()) {
          Lsa w = db.get(new LsaKey(LsaType.ROUTER, att, att));
          if (w == null || !linksBackToNetwork(w, v.id)) {
            continue;
          }
          order = relax(pq, order, v, vertex(false, att, w), v.dist);
        }
      } else {
        RouterLsa rl = (RouterLsa) v.lsa.body();
        for (RouterLink l : rl.links()) {
          if (l.type() == LsaBody.LINK_P2P) {
            Lsa w = db.get(new LsaKey(LsaType.ROUTER, l.linkId(), l.linkId()));
            if (w == null || !linksBackToRouter(w, v.id)) {
              continue;
            }
            order = relax(pq, order, v, vertex(false, l.linkId(), w), v.dist + l.metric());
          } else if (l.type() == LsaBody.LINK_TRANSIT) {
            Lsa w = findNetworkLsa(l.linkId());
            if (w == null || !((NetworkLsa) w.body()).attachedRouters().contains(v.id)) {
              continue;
            }
            order = relax(pq, order, v, vertex(true, l.linkId(), w), v.dist + l.metric());
          }
        }
      }
    }
    for (Vertex v : tree) {
      if (v.network) {
        NetworkLsa n = (NetworkLsa) v.lsa.body();
        add(Ipv4Prefix.of(v.id & n.mask(), Integer.bitCount(n.mask())), v.dist, v.hops, v == null);
      } else {
        RouterLsa rl = (RouterLsa) v.lsa.body();
        if (v.id != root) {
          routers.put(v.id, new RouterEntry(v.id, v.dist, v.hops, rl.flags()));
        }
        for (RouterLink l : rl.links()) {
          if (l.type() != LsaBody.LINK_STUB) {
            continue;
          }
          Ipv4Prefix p = Ipv4Prefix.of(l.linkId() & l.linkData(), Integer.bitCount(l.linkData()));
          Set<Hop> hops = v.id == root ? directHops(p) : v.hops;
          add(p, v.dist + l.metric(), hops, false);
        }
      }
    }
  }

  private void add(Ipv4Prefix p, long cost, Set<Hop> hops, boolean unused) {
    RouteBuilder b = routes.get(p);
    if (b == null) {
      routes.put(p, new RouteBuilder(cost, hops));
    } else {
      b.offer(cost, hops);
    }
  }

  private Set<Hop> directHops(Ipv4Prefix p) {
    Set<Hop> s = new TreeSet<>();
    for (LocalInterface li : locals) {
      if (li.areaId() == areaId && p.contains(new dev.cairn.net.Ipv4Address(li.address()))) {
        s.add(new Hop(li.name(), 0));
      }
    }
    return s;
  }

  private long relax(PriorityQueue<QueueItem> pq, long order, Vertex parent, Vertex w, long d) {
    if (w.done || d > w.dist) {
      return order;
    }
    if (d < w.dist) {
      w.dist = d;
      w.hops.clear();
      w.parents.clear();
      pq.add(new QueueItem(d, w, order++));
    }
    w.parents.add(parent);
    w.hops.addAll(nextHops(parent, w));
    return order;
  }

  /** 16.1.1: the next hops of {@code w} reached from {@code parent}. */
  private Set<Hop> nextHops(Vertex parent, Vertex w) {
    if (parent.id == root && !parent.network) {
      Set<Hop> s = new TreeSet<>();
      RouterLsa rl = (RouterLsa) parent.lsa.body();
      for (RouterLink l : rl.links()) {
        if (w.network && l.type() == LsaBody.LINK_TRANSIT && l.linkId() == w.id) {
          String ifn = localName(l.linkData());
          if (ifn != null) {
            s.add(new Hop(ifn, 0));
          }
        } else if (!w.network && l.type() == LsaBody.LINK_P2P && l.linkId() == w.id) {
          String ifn = localName(l.linkData());
          int gw = backLinkData(w, root);
          if (ifn != null) {
            s.add(new Hop(ifn, gw));
          }
        }
      }
      return s;
    }
    if (parent.network && parent.parents.size() > 0 && directlyAttached(parent)) {
      Set<Hop> s = new TreeSet<>();
      int gw = transitLinkData(w, parent.id);
      for (Hop h : parent.hops) {
        if (h.gateway() == 0) {
          s.add(new Hop(h.interfaceName(), gw));
        } else {
          s.add(h);
        }
      }
      return s;
    }
    return parent.hops;
  }

  private boolean directlyAttached(Vertex net) {
    for (Vertex p : net.parents) {
      if (p.id == root && !p.network) {
        return true;
      }
    }
    return false;
  }

  private String localName(int address) {
    for (LocalInterface li : locals) {
      if (li.address() == address && li.areaId() == areaId) {
        return li.name();
      }
    }
    // unnumbered interfaces carry an ifIndex in link data; fall back to the only interface
    return null;
  }

  private static int backLinkData(Vertex w, int to) {
    for (RouterLink l : ((RouterLsa) w.lsa.body()).links()) {
      if (l.type() == LsaBody.LINK_P2P && l.linkId() == to) {
        return l.linkData();
      }
    }
    return 0;
  }

  private static int transitLinkData(Vertex w, int net) {
    for (RouterLink l : ((RouterLsa) w.lsa.body()).links()) {
      if (l.type() == LsaBody.LINK_TRANSIT && l.linkId() == net) {
        return l.linkData();
      }
    }
    return 0;
  }

  private static boolean linksBackToRouter(Lsa w, int rid) {
    for (RouterLink l : ((RouterLsa) w.body()).links()) {
      if ((l.type() == LsaBody.LINK_P2P || l.type() == LsaBody.LINK_VIRTUAL) && l.linkId() == rid) {
        return true;
      }
    }
    return false;
  }

  private static boolean linksBackToNetwork(Lsa w, int netId) {
    for (RouterLink l : ((RouterLsa) w.body()).links()) {
      if (l.type() == LsaBody.LINK_TRANSIT && l.linkId() == netId) {
        return true;
      }
    }
    return false;
  }

  /** The network-LSA whose LS id is {@code drAddress} (any advertising router). */
  private Lsa findNetworkLsa(int drAddress) {
    Lsa found = null;
    for (Lsa l : networkLsasById().getOrDefault(drAddress, List.of())) {
      found = l; // at most one valid instance normally
    }
    return found;
  }

  private Map<Integer, List<Lsa>> networksById;

  private Map<Integer, List<Lsa>> networkLsasById() {
    if (networksById == null) {
      networksById = new HashMap<>();
      for (Lsa l : db.ofType(LsaType.NETWORK)) {
        networksById.computeIfAbsent(l.header().lsId(), k -> new ArrayList<>(1)).add(l);
      }
    }
    return networksById;
  }

  /** Accumulates the cheapest cost and the union of next hops at that cost. */
  static final class RouteBuilder {
    long cost;
    final Set<Hop> hops = new TreeSet<>();

    RouteBuilder(long cost, Set<Hop> hops) {
      this.cost = cost;
      this.hops.addAll(hops);
    }

    void offer(long c, Set<Hop> h) {
      if (c < cost) {
        cost = c;
        hops.clear();
        hops.addAll(h);
      } else if (c == cost) {
        hops.addAll(h);
      }
    }
  }
}
