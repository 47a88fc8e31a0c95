package dev.cairn.ospf.spf;

import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.spf.IntraAreaSpf.RouteBuilder;
import dev.cairn.ospf.spf.IntraAreaSpf.RouterEntry;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaBody.ExternalLsa;
import dev.cairn.ospf.wire.LsaBody.SummaryLsa;
import dev.cairn.ospf.wire.LsaType;
import dev.cairn.rib.Protocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routing table calculation of RFC 2328 16: intra-area SPF per area (16.1), inter-area routes
 * from summary-LSAs (16.2, examined in the backbone only when the router is an ABR) and AS-external
 * routes (16.4, type 1 and 2 metrics, forwarding address). A pure function of the LSDBs.
 */
public final class Spf {
  static final int LS_INFINITY = 0xffffff;

  /** One attached area's LSDB. */
  public record AreaInput(int areaId, LsaLookup lsdb) {}

  /** The result: routes by prefix, plus per area what an ABR summarizes (12.4.3). */
  public record Result(
      Map<Ipv4Prefix, OspfRoute> routes,
      Map<Integer, Map<Ipv4Prefix, OspfRoute>> intraAreaByArea,
      Map<Integer, Map<Integer, OspfRoute>> asbrByArea) {}

  private Spf() {}

  public static Result compute(
      int routerId, List<AreaInput> areas, LsaLookup external, List<LocalInterface> locals) {
    Map<Ipv4Prefix, OspfRoute> table = new HashMap<>();
    Map<Integer, Map<Ipv4Prefix, OspfRoute>> intraByArea = new HashMap<>();
    Map<Integer, IntraAreaSpf> spfs = new HashMap<>();
    for (AreaInput a : areas) {
      IntraAreaSpf s = new IntraAreaSpf(a.areaId(), routerId, a.lsdb(), locals);
      s.run();
      spfs.put(a.areaId(), s);
      Map<Ipv4Prefix, OspfRoute> mine = new HashMap<>();
      for (Map.Entry<Ipv4Prefix, RouteBuilder> e : s.routes.entrySet()) {
        OspfRoute r =
            route(e.getKey(), Protocol.OSPF_INTRA_AREA, e.getValue().cost, 0, e.getValue().hops);
        mine.put(e.getKey(), r);
        merge(table, r);
      }
      intraByArea.put(a.areaId(), mine);
    }
    boolean abr = areas.size() > 1;
    // 16.2 inter-area
    Map<Integer, Map<Integer, OspfRoute>> asbrByArea = new HashMap<>();
    Map<Integer, RouteBuilder> asbrs = new HashMap<>();
    for (AreaInput a : areas) {
      IntraAreaSpf s = spfs.get(a.areaId());
      Map<Integer, OspfRoute> asbrHere = new HashMap<>();
      for (RouterEntry re : s.routers.values()) {
        if ((re.flags() & 0x02) != 0) {
          asbrs
              .computeIfAbsent(re.routerId(), k -> new RouteBuilder(Long.MAX_VALUE, Set.of()))
              .offer(re.cost(), re.hops());
          asbrHere.put(
              re.routerId(), route(null, Protocol.OSPF_INTRA_AREA, re.cost(), 0, re.hops()));
        }
      }
      asbrByArea.put(a.areaId(), asbrHere);
    }
    Map<Ipv4Prefix, RouteBuilder> inter = new HashMap<>();
    for (AreaInput a : areas) {
      if (abr && a.areaId() != 0) {
        continue;
      }
      IntraAreaSpf s = spfs.get(a.areaId());
      for (Lsa l : a.lsdb().ofType(LsaType.SUMMARY_NETWORK)) {
        SummaryLsa sl = (SummaryLsa) l.body();
        if (l.header().advRouter() == routerId || sl.metric() >= LS_INFINITY) {
          continue;
        }
        RouterEntry border = s.routers.get(l.header().advRouter());
        if (border == null) {
          continue;
        }
        Ipv4Prefix p = Ipv4Prefix.of(l.header().lsId() & sl.mask(), Integer.bitCount(sl.mask()));
        OspfRoute existing = table.get(p);
        if (existing != null && existing.pathType() == Protocol.OSPF_INTRA_AREA) {
          continue;
        }
        long c = border.cost() + sl.metric();
        RouteBuilder b = inter.get(p);
        if (b == null) {
          inter.put(p, new RouteBuilder(c, border.hops()));
        } else {
          b.offer(c, border.hops());
        }
      }
      for (Lsa l : a.lsdb().ofType(LsaType.SUMMARY_ASBR)) {
        SummaryLsa sl = (SummaryLsa) l.body();
        if (l.header().advRouter() == routerId || sl.metric() >= LS_INFINITY) {
          continue;
        }
        RouterEntry border = s.routers.get(l.header().advRouter());
        if (border == null || asbrByArea.get(a.areaId()).containsKey(l.header().lsId())) {
          continue;
        }
        asbrs
            .computeIfAbsent(l.header().lsId(), k -> new RouteBuilder(Long.MAX_VALUE, Set.of()))
            .offer(border.cost() + sl.metric(), border.hops());
      }
    }
    for (Map.Entry<Ipv4Prefix, RouteBuilder> e : inter.entrySet()) {
      merge(
          table,
          route(e.getKey(), Protocol.OSPF_INTER_AREA, e.getValue().cost, 0, e.getValue().hops));
    }
    // 16.4 AS-external
    if (external != null) {
      Map<Ipv4Prefix, OspfRoute> ext = new HashMap<>();
      for (Lsa l : external.ofType(LsaType.AS_EXTERNAL)) {
        ExternalLsa el = (ExternalLsa) l.body();
        if (l.header().advRouter() == routerId || el.metric() >= LS_INFINITY) {
          continue;
        }
        RouteBuilder asbr = asbrs.get(l.header().advRouter());
        if (asbr == null) {
          continue;
        }
        long x;
        Set<Hop> hops;
        if (el.forwardingAddress() != 0) {
          OspfRoute via = longestMatch(table, el.forwardingAddress());
          if (via == null
              || via.pathType() == Protocol.OSPF_EXTERNAL_1
              || via.pathType() == Protocol.OSPF_EXTERNAL_2) {
            continue;
          }
          x = via.cost();
          hops = new TreeSet<>();
          for (Hop h : via.nextHops()) {
            hops.add(h.gateway() == 0 ? new Hop(h.interfaceName(), el.forwardingAddress()) : h);
          }
        } else {
          x = asbr.cost;
          hops = asbr.hops;
        }
        Ipv4Prefix p = Ipv4Prefix.of(l.header().lsId() & el.mask(), Integer.bitCount(el.mask()));
        OspfRoute r =
            el.type2()
                ? route(p, Protocol.OSPF_EXTERNAL_2, x, el.metric(), hops)
                : route(p, Protocol.OSPF_EXTERNAL_1, x + el.metric(), 0, hops);
        OspfRoute old = ext.get(p);
        ext.put(p, old == null ? r : better(old, r));
      }
      for (OspfRoute r : ext.values()) {
        OspfRoute cur = table.get(r.prefix());
        if (cur == null) {
          table.put(r.prefix(), r);
        }
      }
    }
    return new Result(table, intraByArea, asbrByArea);
  }

  private static OspfRoute better(OspfRoute a, OspfRoute b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return ra < rb ? a : b;
    }
    long ka = a.pathType() == Protocol.OSPF_EXTERNAL_2 ? a.type2Cost() : a.cost();
    long kb = b.pathType() == Protocol.OSPF_EXTERNAL_2 ? b.type2Cost() : b.cost();
    if (ka == kb && a.pathType() == Protocol.OSPF_EXTERNAL_2) {
      ka = a.cost();
      kb = b.cost();
    }
    if (ka != kb) {
      return ka < kb ? a : b;
    }
    Set<Hop> hops = new TreeSet<>(a.nextHops());
    hops.addAll(b.nextHops());
    return route(a.prefix(), a.pathType(), a.cost(), a.type2Cost(), hops);
  }

  private static int rank(OspfRoute r) {
    switch (r.pathType()) {
      case OSPF_INTRA_AREA:
        return 0;
      case OSPF_INTER_AREA:
        return 1;
      case OSPF_EXTERNAL_1:
        return 2;
      default:
        return 3;
    }
  }

  private static void merge(Map<Ipv4Prefix, OspfRoute> table, OspfRoute r) {
    OspfRoute old = table.get(r.prefix());
    table.put(r.prefix(), old == null ? r : better(old, r));
  }

  private static OspfRoute longestMatch(Map<Ipv4Prefix, OspfRoute> table, int addr) {
    for (int len = 32; len >= 0; len--) {
      OspfRoute r = table.get(Ipv4Prefix.of(addr, len));
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  static OspfRoute route(Ipv4Prefix p, Protocol t, long cost, long t2, Set<Hop> hops) {
    return new OspfRoute(p, t, cost, t2, Collections.unmodifiableSortedSet(new TreeSet<>(hops)));
  }

  /** Unused helper kept small: the address of a prefix as an {@link Ipv4Address}. */
  static Ipv4Address addr(int bits) {
    return new Ipv4Address(bits);
  }

  static List<Hop> list(Set<Hop> s) {
    return new ArrayList<>(s);
  }
}
