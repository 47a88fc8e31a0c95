package dev.cairn.daemon;

import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code show ip|ipv6 route [PREFIX]}: the RIB, every source's route with the selected one marked,
 * walked in slices on the RIB's loop ({@link SlicedWalk}) and written row by row as {@link
 * RouteViews.RibPrefix}es; and the RIB's prefixes that complete a PREFIX word.
 */
final class RibCommands {
  private final EventLoop loop;
  private final Rib rib;

  RibCommands(EventLoop loop, Rib rib) {
    this.loop = loop;
    this.rib = rib;
  }

  /** Adds {@code route [PREFIX]} under {@code show ip} (or {@code show ipv6}). */
  void show(CommandTree.Node ip, Afi afi) {
    ip.keyword("route", "The RIB: every source's route, the selected one marked")
        .jsonStream((inv, out) -> rib(inv, afi, null, out))
        .value("PREFIX", "One prefix", w -> Commands.isPrefix(w, afi), () -> prefixes(afi))
        .jsonStream((inv, out) -> rib(inv, afi, IpPrefix.parse(inv.value("PREFIX")), out));
  }

  /** Completion candidates: a thousand of the RIB's prefixes. */
  List<String> prefixes(Afi afi) {
    return LoopQuery.on(loop, () -> rib.somePrefixes(afi, 1000)).stream()
        .map(Object::toString)
        .toList();
  }

  /** {@code show ip|ipv6 route [PREFIX] [json]}. */
  private void rib(CommandTree.Invocation inv, Afi afi, IpPrefix only, Appendable out)
      throws CommandException, IOException {
    Map<Protocol, Integer> dist = LoopQuery.on(loop, this::distances);
    List<Rib.PrefixView> one = null;
    if (only != null) {
      one = LoopQuery.on(loop, () -> rib.view(afi, only));
      if (one.isEmpty()) {
        throw new CommandException("% Network not in table: " + only);
      }
    }
    JsonStream json =
        inv.json()
            ? JsonStream.open(
                out, new RouteViews.RibHead(afi == Afi.IPV4 ? "ipv4" : "ipv6"), "prefixes")
            : null;
    if (json == null) {
      RouteText.ribHead(out);
    }
    SlicedWalk.Sink<List<Rib.PrefixView>> sink =
        view -> {
          for (Rib.PrefixView v : view) {
            RouteViews.RibPrefix p = prefix(v, dist);
            if (json != null) {
              json.add(p);
            } else {
              RouteText.rib(p, out);
            }
          }
        };
    if (one != null) {
      sink.accept(one);
    } else {
      SlicedWalk.walk(loop, () -> rib.prefixes(afi), rib::view, sink);
    }
    if (json != null) {
      json.close();
    }
  }

  static RouteViews.RibPrefix prefix(Rib.PrefixView v, Map<Protocol, Integer> dist) {
    List<RouteViews.RibRoute> routes = new ArrayList<>();
    for (int i = 0; i < v.offers().size(); i++) {
      Route o = v.offers().get(i);
      boolean selected = o == v.best();
      routes.add(
          new RouteViews.RibRoute(
              o.protocol().name().toLowerCase().replace('_', '-'),
              dist.get(o.protocol()),
              o.metric(),
              selected,
              v.active().get(i),
              RouteViews.Hop.of(o.nextHops()),
              !selected
                  ? null
                  : v.group() == null ? List.of() : RouteViews.Hop.of(v.group().nextHops()),
              selected && v.group() != null));
    }
    return new RouteViews.RibPrefix(v.prefix().toString(), routes);
  }

  private Map<Protocol, Integer> distances() {
    Map<Protocol, Integer> m = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      m.put(p, rib.distance(p));
    }
    return m;
  }
}
