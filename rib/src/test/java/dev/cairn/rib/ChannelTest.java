package dev.cairn.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Channels: import filter and limit, export filter between every pair of sources, reload. */
class ChannelTest {
  final VirtualEventLoop loop = new VirtualEventLoop();
  final Rib rib = new Rib(loop, 4);

  static IpPrefix p(String s) {
    return IpPrefix.parse(s);
  }

  static Route route(String prefix, Protocol proto) {
    return Route.of(p(prefix), proto, List.of(new NextHop(null, "eth0")), 0);
  }

  /** A protocol of each source that offers routes (the kernel offers none). */
  static final Map<Source, Protocol> PROTOCOL =
      Map.of(
          Source.CONNECTED, Protocol.CONNECTED,
          Source.STATIC, Protocol.STATIC,
          Source.BGP, Protocol.EBGP,
          Source.OSPF, Protocol.OSPF_EXTERNAL_2,
          Source.KUBERNETES, Protocol.KUBERNETES);

  /** What an export has handed over, by prefix (a removal takes the prefix out). */
  static final class Exported {
    final Map<IpPrefix, Route> routes = new HashMap<>();
    final List<RibChange> changes = new ArrayList<>();

    void take(List<RibChange> batch) {
      for (RibChange c : batch) {
        changes.add(c);
        if (c.removed()) {
          routes.remove(c.prefix());
        } else {
          routes.put(c.prefix(), c.best());
        }
      }
    }
  }

  @Test
  void everySourceReachesEveryOtherChannelOnlyThroughItsExportFilter() {
    // one route per source, each on its own prefix, then every channel exporting one source
    Map<Source, Channel> channels = new HashMap<>();
    Map<Source, IpPrefix> prefixOf = new HashMap<>();
    int i = 0;
    for (Source s : Source.values()) {
      channels.put(s, rib.channel(s, Channel.Import.ALL));
      if (PROTOCOL.containsKey(s)) {
        IpPrefix prefix = p("198.51.100." + (16 * i++) + "/28");
        prefixOf.put(s, prefix);
        channels.get(s).offer(route(prefix.toString(), PROTOCOL.get(s)));
      }
    }
    loop.runPending();
    for (Source to : Source.values()) {
      for (Source from : PROTOCOL.keySet()) {
        Rib fresh = new Rib(loop, 4);
        Channel source = fresh.channel(from, Channel.Import.ALL);
        source.offer(route(prefixOf.get(from).toString(), PROTOCOL.get(from)));
        Exported only = new Exported();
        Exported allBut = new Exported();
        fresh
            .channel(to, Channel.Import.ALL)
            .export(loop, Channel.Export.of(Set.of(from)), only::take);
        Set<Source> others = EnumSet.allOf(Source.class);
        others.remove(from);
        Rib fresh2 = new Rib(loop, 4);
        fresh2
            .channel(from, Channel.Import.ALL)
            .offer(route(prefixOf.get(from).toString(), PROTOCOL.get(from)));
        fresh2
            .channel(to, Channel.Import.ALL)
            .export(loop, Channel.Export.of(others), allBut::take);
        loop.runPending();
        if (from == to) {
          // a protocol never hears its own routes back, whatever its filter says
          assertThat(only.routes).as(from + " into itself").isEmpty();
        } else {
          assertThat(only.routes.keySet())
              .as(from + " into " + to)
              .containsExactly(prefixOf.get(from));
        }
        assertThat(allBut.routes).as("everything but " + from + " into " + to).isEmpty();
      }
    }
    // all at once: the kernel channel exporting every source gets the five routes
    Exported fib = new Exported();
    channels
        .get(Source.KERNEL)
        .export(loop, Channel.Export.of(EnumSet.allOf(Source.class)), fib::take);
    loop.runPending();
    assertThat(fib.routes.keySet()).containsExactlyInAnyOrderElementsOf(prefixOf.values());
  }

  @Test
  void aRouteReplacedByOneOfAnUnexportedSourceIsRemovedAndComesBack() {
    Channel ospf = rib.channel(Source.OSPF, Channel.Import.ALL);
    Channel stat = rib.channel(Source.STATIC, Channel.Import.ALL);
    Exported toBgp = new Exported();
    rib.channel(Source.BGP, Channel.Import.ALL)
        .export(loop, Channel.Export.of(Set.of(Source.OSPF)), toBgp::take);
    ospf.offer(route("203.0.113.0/24", Protocol.OSPF_INTRA_AREA));
    loop.runPending();
    assertThat(toBgp.routes).containsKey(p("203.0.113.0/24"));
    stat.offer(route("203.0.113.0/24", Protocol.STATIC)); // distance 1 beats OSPF's 110
    loop.runPending();
    assertThat(toBgp.routes).isEmpty();
    stat.withdraw(Protocol.STATIC, p("203.0.113.0/24"));
    loop.runPending();
    assertThat(toBgp.routes.get(p("203.0.113.0/24")).protocol())
        .isEqualTo(Protocol.OSPF_INTRA_AREA);
  }

  @Test
  void thePolicyHookOfTheExportFilterDecidesPerRoute() {
    Channel stat = rib.channel(Source.STATIC, Channel.Import.ALL);
    Exported toOspf = new Exported();
    rib.channel(Source.OSPF, Channel.Import.ALL)
        .export(
            loop,
            new Channel.Export(Set.of(Source.STATIC), r -> r.prefix().length() <= 24), // a policy
            toOspf::take);
    stat.offer(route("203.0.113.0/24", Protocol.STATIC));
    stat.offer(route("203.0.113.128/25", Protocol.STATIC));
    loop.runPending();
    assertThat(toOspf.routes.keySet()).containsExactly(p("203.0.113.0/24"));
  }

  @Test
  void aNewExportFilterTakesRoutesOutAndPutsOthersIn() {
    Channel stat = rib.channel(Source.STATIC, Channel.Import.ALL);
    Channel k8s = rib.channel(Source.KUBERNETES, Channel.Import.ALL);
    Channel fib = rib.channel(Source.KERNEL, Channel.Import.ALL);
    Exported kernel = new Exported();
    fib.export(loop, Channel.Export.of(Set.of(Source.STATIC, Source.KUBERNETES)), kernel::take);
    stat.offer(route("198.51.100.0/24", Protocol.STATIC));
    k8s.offer(route("203.0.113.50/32", Protocol.KUBERNETES));
    loop.runPending();
    assertThat(kernel.routes).hasSize(2);
    kernel.changes.clear();
    fib.setExport(Channel.Export.of(Set.of(Source.STATIC))); // kernel.export without kubernetes
    loop.runPending();
    assertThat(kernel.routes.keySet()).containsExactly(p("198.51.100.0/24"));
    assertThat(kernel.changes).hasSize(1); // only the one whose verdict changed
    k8s.offer(route("203.0.113.51/32", Protocol.KUBERNETES));
    loop.runPending();
    assertThat(kernel.routes.keySet()).containsExactly(p("198.51.100.0/24"));
    fib.setExport(Channel.Export.of(Set.of(Source.STATIC, Source.KUBERNETES)));
    loop.runPending();
    assertThat(kernel.routes.keySet())
        .containsExactlyInAnyOrder(
            p("198.51.100.0/24"), p("203.0.113.50/32"), p("203.0.113.51/32"));
  }

  @Test
  void aFilterSetBeforeTheExportStartsIsTheOneItStartsWith() {
    Channel stat = rib.channel(Source.STATIC, Channel.Import.ALL);
    Channel fib = rib.channel(Source.KERNEL, Channel.Import.ALL);
    stat.offer(route("198.51.100.0/24", Protocol.STATIC));
    fib.setExport(Channel.Export.NONE); // a reload that came first
    Exported kernel = new Exported();
    fib.export(loop, Channel.Export.of(Set.of(Source.STATIC)), kernel::take);
    loop.runPending();
    assertThat(kernel.routes).isEmpty();
  }

  @Test
  void theImportFilterKeepsRoutesOutAndWithdrawsWhatItNowRefuses() {
    Channel stat =
        rib.channel(Source.STATIC, new Channel.Import(r -> !r.prefix().equals(p("0.0.0.0/0")), 0));
    stat.offer(route("0.0.0.0/0", Protocol.STATIC));
    stat.offer(route("198.51.100.0/24", Protocol.STATIC));
    loop.runPending();
    assertThat(rib.best(p("0.0.0.0/0"))).isNull();
    assertThat(rib.best(p("198.51.100.0/24"))).isNotNull();
    assertThat(stat.stats()).isEqualTo(new Channel.Stats(1, 1, 0));
    // a filter that refuses a replacement: the route imported before goes too
    stat.setImport(new Channel.Import(r -> r.nextHops().size() < 2, 0));
    stat.offer(
        Route.of(
            p("198.51.100.0/24"),
            Protocol.STATIC,
            List.of(new NextHop(null, "eth0"), new NextHop(null, "eth1")),
            0));
    loop.runPending();
    assertThat(rib.best(p("198.51.100.0/24"))).isNull();
    assertThat(stat.stats()).isEqualTo(new Channel.Stats(0, 2, 0));
  }

  @Test
  void theImportLimitDropsNewPrefixesButLetsReplacementsThrough() {
    Channel bgp = rib.channel(Source.BGP, new Channel.Import(null, 2));
    bgp.offer(route("198.51.100.0/24", Protocol.EBGP));
    bgp.offer(route("198.51.100.0/25", Protocol.EBGP));
    bgp.offer(route("203.0.113.0/24", Protocol.EBGP)); // the third: over the limit
    loop.runPending();
    assertThat(rib.best(p("203.0.113.0/24"))).isNull();
    assertThat(bgp.stats()).isEqualTo(new Channel.Stats(2, 0, 1));
    // a replacement of an imported route is no new route
    bgp.offer(Route.of(p("198.51.100.0/24"), Protocol.EBGP, List.of(new NextHop(null, "eth1")), 0));
    loop.runPending();
    assertThat(rib.best(p("198.51.100.0/24")).nextHops())
        .containsExactly(new NextHop(null, "eth1"));
    // one goes, room for another; a batch counts the same way
    List<Object> batch = new ArrayList<>();
    RouteSink.withdrawal(batch, Protocol.EBGP, p("198.51.100.0/25"));
    batch.add(route("203.0.113.0/24", Protocol.EBGP));
    batch.add(route("203.0.113.128/25", Protocol.EBGP));
    bgp.apply(batch);
    loop.runPending();
    assertThat(rib.best(p("203.0.113.0/24"))).isNotNull();
    assertThat(rib.best(p("203.0.113.128/25"))).isNull();
    assertThat(bgp.stats()).isEqualTo(new Channel.Stats(2, 0, 2));
    // other sources do not count against it
    rib.channel(Source.STATIC, Channel.Import.ALL).offer(route("192.0.2.0/24", Protocol.STATIC));
    loop.runPending();
    assertThat(rib.best(p("192.0.2.0/24"))).isNotNull();
  }

  @Test
  void aChannelCarriesOnlyItsOwnSourcesRoutes() {
    Channel ospf = rib.channel(Source.OSPF, Channel.Import.ALL);
    assertThatThrownBy(() -> ospf.offer(route("198.51.100.0/24", Protocol.STATIC)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ospf.withdraw(Protocol.EBGP, p("198.51.100.0/24")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void attributesTravelWithTheRouteToTheExport() {
    RouteAttributes a =
        RouteAttributes.of(new int[] {65000 << 16 | 100}, new long[] {64500, 1, 2}, 0);
    Channel k8s = rib.channel(Source.KUBERNETES, Channel.Import.ALL);
    Exported toBgp = new Exported();
    rib.channel(Source.BGP, Channel.Import.ALL)
        .export(loop, Channel.Export.of(Set.of(Source.KUBERNETES)), toBgp::take);
    IpPrefix vip = p("203.0.113.50/32");
    k8s.offer(Route.of(vip, Protocol.KUBERNETES, List.of(), 0, a));
    loop.runPending();
    assertThat(toBgp.routes.get(vip).attributes()).isEqualTo(a);
    // only the attributes change (the node drains): the export hears it
    RouteAttributes drained =
        RouteAttributes.of(new int[] {65000 << 16 | 100, 0xffff0000}, new long[] {64500, 1, 2}, 0);
    k8s.offer(Route.of(vip, Protocol.KUBERNETES, List.of(), 0, drained));
    loop.runPending();
    assertThat(toBgp.routes.get(vip).attributes().hasCommunity(0xffff0000)).isTrue();
    assertThat(toBgp.changes).hasSize(2);
  }

  @Test
  void routesWithoutAttributesShareTheEmptySet() {
    Route plain = route("198.51.100.0/24", Protocol.STATIC);
    assertThat(plain.attributes()).isSameAs(RouteAttributes.EMPTY);
    assertThat(RouteAttributes.of(new int[0], new long[0], 0)).isSameAs(RouteAttributes.EMPTY);
    Route same =
        Route.of(
            p("198.51.100.0/24"),
            Protocol.STATIC,
            List.of(new NextHop(null, "eth0")),
            0,
            RouteAttributes.EMPTY);
    assertThat(same).isEqualTo(plain).hasSameClassAs(plain);
    Route tagged =
        Route.of(
            p("198.51.100.0/24"),
            Protocol.STATIC,
            List.of(new NextHop(null, "eth0")),
            0,
            RouteAttributes.of(new int[0], new long[0], 7));
    assertThat(tagged).isNotEqualTo(plain);
    assertThat(tagged.attributes().tag()).isEqualTo(7);
  }
}
