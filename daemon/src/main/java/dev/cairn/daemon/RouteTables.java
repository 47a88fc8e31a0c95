package dev.cairn.daemon;

import dev.cairn.bgp.export.Advert;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code show} commands whose output grows with the routing table: {@code show bgp ipv4|ipv6},
 * {@code show bgp neighbors ADDR received-routes|advertised-routes} and {@code show ip|ipv6 route}.
 * Each walks its table in slices on the table's loop ({@link SlicedWalk}) and writes each slice to
 * the client as it comes (text or the JSON of docs/cli-json.md, the same bytes as one document
 * built whole), so a million routes neither hold a routing loop nor become one string.
 */
final class RouteTables {
  private final Daemon d;

  RouteTables(Daemon d) {
    this.d = d;
  }

  // ------------------------------------------------------------------ JSON in pieces

  /** A JSON value without the newline that {@link Json#write} ends a document with. */
  private static String json(Object v) {
    String s = Json.write(v);
    return s.substring(0, s.length() - 1);
  }

  /**
   * Opens a JSON object with {@code head}'s members and then the array {@code key}: what follows
   * are its elements, then {@link #closeArray}.
   */
  private static void openArray(Appendable out, Map<String, Object> head, String key)
      throws IOException {
    String h = json(head);
    out.append(h, 0, h.length() - 1).append(head.isEmpty() ? "" : ",");
    out.append(json(key)).append(":[");
  }

  private static void closeArray(Appendable out) throws IOException {
    out.append("]}\n");
  }

  /** Writes array elements, with the commas between them. */
  private static final class Elements {
    private final Appendable out;
    private long n;

    Elements(Appendable out) {
      this.out = out;
    }

    void add(Object v) throws IOException {
      if (n++ > 0) {
        out.append(',');
      }
      out.append(json(v));
    }

    long count() {
      return n;
    }
  }

  // ------------------------------------------------------------------ BGP

  private static Map<String, Object> pathJson(BgpSpeaker.PathView p) {
    Map<String, Object> o = Json.object();
    o.put("from", p.from() == null ? null : p.from().toString());
    o.put("next-hop", p.nextHop() == null ? null : p.nextHop().toString());
    o.put("best", p.best());
    o.put("multipath", p.multipath());
    o.put("stale", p.stale());
    o.put("next-hop-reachable", p.nextHopReachable());
    o.put("igp-metric", p.igpMetric());
    o.putAll(Commands.attributes(p.attributes()));
    return o;
  }

  private static String pathLine(BgpSpeaker.PathView p) {
    String flags =
        (p.nextHopReachable() ? "*" : " ")
            + (p.best() ? ">" : p.multipath() ? "=" : " ")
            + (p.stale() ? "S" : " ");
    return String.format(
        "%s %-20s %-16s %s%n",
        flags,
        p.from() == null ? "local" : "from " + p.from(),
        p.nextHop() == null ? "0.0.0.0" : p.nextHop().toString(),
        p.attributes());
  }

  /** {@code show bgp ipv4|ipv6 [PREFIX] [json]}. */
  void bgp(CommandTree.Invocation inv, Afi afi, IpPrefix only, Appendable out)
      throws CommandException, IOException {
    BgpSpeaker s = Commands.speaker(d);
    Map<IpPrefix, List<BgpSpeaker.PathView>> one = null;
    if (only != null) {
      one = d.onBgp(() -> s.paths(afi, only));
      if (one.isEmpty()) {
        throw new CommandException("% Network not in table: " + only);
      }
    }
    Elements routes = new Elements(out);
    if (inv.json()) {
      Map<String, Object> head = Json.object();
      head.put("family", afi == Afi.IPV4 ? "ipv4-unicast" : "ipv6-unicast");
      openArray(out, head, "routes");
    } else {
      out.append("Status codes: * valid (next hop reachable), > best, = multipath, S stale\n\n");
    }
    SlicedWalk.Sink<Map<IpPrefix, List<BgpSpeaker.PathView>>> sink =
        t -> {
          for (Map.Entry<IpPrefix, List<BgpSpeaker.PathView>> e : t.entrySet()) {
            List<BgpSpeaker.PathView> paths = e.getValue();
            if (inv.json()) {
              Map<String, Object> r = Json.object();
              r.put("prefix", e.getKey().toString());
              r.put("paths", paths.stream().map(RouteTables::pathJson).toList());
              routes.add(r);
            } else {
              routes.n++;
              out.append(e.getKey().toString())
                  .append(", ")
                  .append(Integer.toString(paths.size()))
                  .append(paths.size() == 1 ? " path\n" : " paths\n");
              for (BgpSpeaker.PathView x : paths) {
                out.append("  ").append(pathLine(x));
              }
            }
          }
        };
    if (one != null) {
      sink.accept(one);
    } else {
      SlicedWalk.walk(d.bgpLoop, () -> s.prefixes(afi), s::paths, sink);
    }
    if (inv.json()) {
      closeArray(out);
    } else {
      out.append("\nTotal ").append(Long.toString(routes.count())).append(" prefixes\n");
    }
  }

  /** {@code show bgp neighbors ADDR received-routes|advertised-routes [json]}. */
  void adjRib(CommandTree.Invocation inv, boolean received, Appendable out)
      throws CommandException, IOException {
    BgpSpeaker s = Commands.speaker(d);
    IpAddress a = IpAddress.parse(inv.value("ADDR"));
    if (!d.onBgp(() -> s.hasNeighbor(a))) {
      throw new CommandException("% No such neighbor: " + a);
    }
    Elements routes = new Elements(out);
    if (inv.json()) {
      Map<String, Object> head = Json.object();
      head.put("neighbor", a.toString());
      head.put("direction", received ? "received" : "advertised");
      openArray(out, head, "routes");
    }
    for (Afi afi : Afi.values()) {
      if (received) {
        SlicedWalk.walk(
            d.bgpLoop,
            () -> s.prefixes(afi),
            slice -> s.received(a, slice),
            rx -> {
              for (Map.Entry<IpPrefix, BgpSpeaker.PathView> e : rx.entrySet()) {
                if (inv.json()) {
                  Map<String, Object> r = pathJson(e.getValue());
                  r.put("prefix", e.getKey().toString());
                  routes.add(r);
                } else {
                  routes.n++;
                  out.append(String.format("%-24s ", e.getKey())).append(pathLine(e.getValue()));
                }
              }
            });
      } else {
        SlicedWalk.walk(
            d.bgpLoop,
            () -> s.advertisedPrefixes(a, afi),
            slice -> s.advertised(a, slice),
            tx -> {
              for (Map.Entry<IpPrefix, Advert> e : tx.entrySet()) {
                Advert adv = e.getValue();
                if (inv.json()) {
                  Map<String, Object> r = Json.object();
                  r.put("prefix", e.getKey().toString());
                  r.put("next-hop", adv.nextHop() == null ? null : adv.nextHop().toString());
                  r.putAll(Commands.attributes(adv.attributes()));
                  routes.add(r);
                } else {
                  routes.n++;
                  out.append(
                      String.format(
                          "%-24s %s%s%n",
                          e.getKey(),
                          adv.mpNextHop() == null ? "" : "next-hop=" + adv.mpNextHop() + " ",
                          adv.attributes()));
                }
              }
            });
      }
    }
    if (inv.json()) {
      closeArray(out);
    } else {
      out.append("\nTotal ").append(Long.toString(routes.count())).append(" prefixes\n");
    }
  }

  // ------------------------------------------------------------------ RIB

  private static String code(Route r) {
    return switch (r.protocol()) {
      case CONNECTED -> "C";
      case STATIC -> "S";
      case EBGP, IBGP -> "B";
      case KUBERNETES -> "K";
      default -> "O";
    };
  }

  /** {@code show ip|ipv6 route [PREFIX] [json]}. */
  void rib(CommandTree.Invocation inv, Afi afi, IpPrefix only, Appendable out)
      throws CommandException, IOException {
    Rib rib = d.rib;
    Map<Protocol, Integer> dist = d.onRib(() -> distances(rib));
    List<Rib.PrefixView> one = null;
    if (only != null) {
      one = d.onRib(() -> rib.view(afi, only));
      if (one.isEmpty()) {
        throw new CommandException("% Network not in table: " + only);
      }
    }
    Elements rows = new Elements(out);
    if (inv.json()) {
      Map<String, Object> head = Json.object();
      head.put("family", afi == Afi.IPV4 ? "ipv4" : "ipv6");
      openArray(out, head, "prefixes");
    } else {
      out.append(
          "Codes: C connected, S static, B BGP, O OSPF, K Kubernetes\n"
              + "       > selected, * in the FIB's next hops, i inactive (next hop unresolved)\n\n");
    }
    SlicedWalk.Sink<List<Rib.PrefixView>> sink =
        view -> {
          for (Rib.PrefixView v : view) {
            if (inv.json()) {
              rows.add(ribJson(v, dist));
            } else {
              ribText(v, dist, out);
            }
          }
        };
    if (one != null) {
      sink.accept(one);
    } else {
      SlicedWalk.walk(d.ribLoop, () -> rib.prefixes(afi), rib::view, sink);
    }
    if (inv.json()) {
      closeArray(out);
    }
  }

  private static Map<String, Object> ribJson(Rib.PrefixView v, Map<Protocol, Integer> dist) {
    Map<String, Object> r = Json.object();
    r.put("prefix", v.prefix().toString());
    List<Map<String, Object>> cands = new ArrayList<>();
    for (int i = 0; i < v.offers().size(); i++) {
      Route o = v.offers().get(i);
      Map<String, Object> c = Json.object();
      c.put("protocol", o.protocol().name().toLowerCase().replace('_', '-'));
      c.put("distance", dist.get(o.protocol()));
      c.put("metric", o.metric());
      c.put("selected", o == v.best());
      c.put("active", v.active().get(i));
      c.put("next-hops", Commands.hops(o.nextHops()));
      if (o == v.best()) {
        c.put("forwarding", v.group() == null ? List.of() : Commands.hops(v.group().nextHops()));
      }
      cands.add(c);
    }
    r.put("routes", cands);
    return r;
  }

  private static void ribText(Rib.PrefixView v, Map<Protocol, Integer> dist, Appendable out)
      throws IOException {
    for (int i = 0; i < v.offers().size(); i++) {
      Route o = v.offers().get(i);
      boolean sel = o == v.best();
      String flags = code(o) + (sel ? ">*" : v.active().get(i) ? "  " : " i");
      List<NextHop> shown = sel && v.group() != null ? v.group().nextHops() : o.nextHops();
      out.append(
          String.format(
              "%s %s [%d/%d] %s%s%n",
              flags,
              v.prefix(),
              dist.get(o.protocol()),
              o.metric(),
              Commands.hopsText(shown),
              sel && !shown.equals(o.nextHops())
                  ? " (recursive via " + Commands.hopsText(o.nextHops()).replace("via ", "") + ")"
                  : ""));
    }
  }

  private static Map<Protocol, Integer> distances(Rib rib) {
    Map<Protocol, Integer> m = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      m.put(p, rib.distance(p));
    }
    return m;
  }
}
