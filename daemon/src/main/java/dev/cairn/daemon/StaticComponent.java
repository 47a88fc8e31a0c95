package dev.cairn.daemon;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.StaticRoute;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.rib.Channel;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import dev.cairn.rib.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code static} routes as a component: offered to the RIB at start, and on reload the removed
 * ones withdrawn and the new or changed ones offered (always in place: the RIB takes a route over
 * one of the same prefix).
 */
final class StaticComponent implements Component<List<StaticRoute>> {
  private final Channel rib; // the RIB's static channel

  StaticComponent(Rib rib) {
    this.rib = rib.channel(Source.STATIC, Channel.Import.ALL);
  }

  @Override
  public String name() {
    return "static";
  }

  @Override
  public List<StaticRoute> section(CairnConfig c) {
    return c.staticRoutes();
  }

  @Override
  public CairnConfig withSection(CairnConfig c, List<StaticRoute> s) {
    return c.withStaticRoutes(s);
  }

  @Override
  public void start(List<StaticRoute> routes) {
    routes.forEach(r -> rib.offer(route(r)));
  }

  @Override
  public Reconfig plan(List<StaticRoute> from, List<StaticRoute> to) {
    List<String> what = new ArrayList<>();
    removed(from, to).forEach(r -> what.add("static " + r.prefix() + " removed"));
    added(from, to).forEach(r -> what.add("static " + r.prefix() + " installed"));
    return what.isEmpty() ? Reconfig.SAME : new Reconfig.Soft(what);
  }

  @Override
  public void apply(List<StaticRoute> from, List<StaticRoute> to, Reconfig plan) {
    List<StaticRoute> added = added(from, to);
    for (StaticRoute r : removed(from, to)) {
      if (added.stream().noneMatch(a -> a.prefix().equals(r.prefix()))) {
        rib.withdraw(Protocol.STATIC, r.prefix());
      }
    }
    added.forEach(r -> rib.offer(route(r)));
  }

  @Override
  public void stop() {}

  private static List<StaticRoute> added(List<StaticRoute> from, List<StaticRoute> to) {
    List<StaticRoute> out = new ArrayList<>(to);
    out.removeAll(from);
    return out;
  }

  private static List<StaticRoute> removed(List<StaticRoute> from, List<StaticRoute> to) {
    return added(to, from);
  }

  static Route route(StaticRoute r) {
    List<NextHop> hops = r.blackhole() ? List.of() : r.via().stream().map(NextHop::via).toList();
    return Route.of(r.prefix(), Protocol.STATIC, hops, 0);
  }
}
