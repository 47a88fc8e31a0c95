package dev.cairn.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RibTest {
  final VirtualEventLoop loop = new VirtualEventLoop();
  final Rib rib = new Rib(loop, 4);

  /** Offers through the channel of each route's source, as the protocols do. */
  final RouteSink sink = new Channels(rib);

  static final class Channels implements RouteSink {
    final Rib rib;
    final java.util.Map<Source, Channel> bySource = new java.util.EnumMap<>(Source.class);

    Channels(Rib rib) {
      this.rib = rib;
    }

    Channel of(Protocol p) {
      return bySource.computeIfAbsent(p.source(), s -> rib.channel(s, Channel.Import.ALL));
    }

    @Override
    public void offer(Route route) {
      of(route.protocol()).offer(route);
    }

    @Override
    public void withdraw(Protocol protocol, IpPrefix prefix) {
      of(protocol).withdraw(protocol, prefix);
    }

    @Override
    public void apply(List<?> changes) {
      if (!changes.isEmpty()) { // (a batch of one source)
        Object first = changes.get(0);
        of(first instanceof Route r ? r.protocol() : (Protocol) first).apply(changes);
      }
    }
  }

  static IpPrefix p(String s) {
    return IpPrefix.parse(s);
  }

  static NextHop via(String s) {
    return NextHop.via(IpAddress.parse(s));
  }

  static Route route(String prefix, Protocol proto, long metric, NextHop... hops) {
    return Route.of(p(prefix), proto, List.of(hops), metric);
  }

  void connected() {
    sink.offer(
        Route.of(p("192.0.2.0/24"), Protocol.CONNECTED, List.of(new NextHop(null, "eth0")), 0));
  }

  @Test
  void administrativeDistanceThenMetricPicksTheBest() {
    connected();
    sink.offer(route("198.51.100.0/24", Protocol.OSPF_INTRA_AREA, 10, via("192.0.2.3")));
    sink.offer(route("198.51.100.0/24", Protocol.EBGP, 0, via("192.0.2.2")));
    loop.runPending();
    assertThat(rib.best(p("198.51.100.0/24")).protocol()).isEqualTo(Protocol.EBGP);
    sink.offer(route("198.51.100.0/24", Protocol.STATIC, 0, via("192.0.2.1")));
    loop.runPending();
    assertThat(rib.best(p("198.51.100.0/24")).protocol()).isEqualTo(Protocol.STATIC);
    sink.withdraw(Protocol.STATIC, p("198.51.100.0/24"));
    sink.withdraw(Protocol.EBGP, p("198.51.100.0/24"));
    loop.runPending();
    assertThat(rib.best(p("198.51.100.0/24")).protocol()).isEqualTo(Protocol.OSPF_INTRA_AREA);
    rib.setDistance(Protocol.OSPF_INTRA_AREA, 250); // takes effect at the next change
    sink.offer(route("198.51.100.0/24", Protocol.IBGP, 0, via("192.0.2.4")));
    loop.runPending();
    assertThat(rib.best(p("198.51.100.0/24")).protocol()).isEqualTo(Protocol.IBGP);
  }

  @Test
  void ecmpIsCappedAtMaxPathsAndGroupsAreShared() {
    connected();
    NextHop[] five = {
      via("192.0.2.5"), via("192.0.2.4"), via("192.0.2.3"), via("192.0.2.2"), via("192.0.2.1")
    };
    sink.offer(route("203.0.113.10/32", Protocol.EBGP, 0, five));
    sink.offer(route("203.0.113.11/32", Protocol.EBGP, 0, five));
    loop.runPending();
    NextHopGroup g = rib.group(p("203.0.113.10/32"));
    assertThat(g.nextHops()).hasSize(4);
    assertThat(rib.group(p("203.0.113.11/32"))).isSameAs(g);
    // one group for the connected route, one shared by both VIPs
    assertThat(rib.groupCount()).isEqualTo(2);
    sink.withdraw(Protocol.EBGP, p("203.0.113.10/32"));
    sink.withdraw(Protocol.EBGP, p("203.0.113.11/32"));
    loop.runPending();
    assertThat(rib.groupCount()).isEqualTo(1);
  }

  @Test
  void routesSharingOneNextHopListShareOneGroupUntilTheLastLeaves() {
    connected();
    java.util.List<NextHop> gw = java.util.List.of(via("192.0.2.3"));
    java.util.List<Object> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(Route.of(p("203.0.113." + (i % 256) + "/32"), Protocol.EBGP, gw, 0));
    }
    sink.apply(batch); // one batch, in order: the last 44 replace the first 44
    loop.runPending();
    int base = rib.groupCount() - 1; // the connected route's
    NextHopGroup g = rib.group(p("203.0.113.7/32"));
    assertThat(g.nextHops()).containsExactly(via("192.0.2.3"));
    assertThat(rib.group(p("203.0.113.200/32"))).isSameAs(g);
    java.util.List<Object> gone = new java.util.ArrayList<>();
    for (int i = 0; i < 255; i++) {
      RouteSink.withdrawal(gone, Protocol.EBGP, p("203.0.113." + i + "/32"));
    }
    sink.apply(gone);
    loop.runPending();
    assertThat(rib.groupCount()).isEqualTo(base + 1); // 203.0.113.255/32 still uses it
    sink.withdraw(Protocol.EBGP, p("203.0.113.255/32"));
    loop.runPending();
    assertThat(rib.groupCount()).isEqualTo(base);
    // and the same list interned again makes a new group (not the released one's count)
    sink.offer(Route.of(p("203.0.113.1/32"), Protocol.EBGP, gw, 0));
    sink.offer(Route.of(p("203.0.113.2/32"), Protocol.EBGP, gw, 0));
    loop.runPending();
    assertThat(rib.groupCount()).isEqualTo(base + 1);
    sink.withdraw(Protocol.EBGP, p("203.0.113.1/32"));
    loop.runPending();
    assertThat(rib.group(p("203.0.113.2/32")).nextHops()).containsExactly(via("192.0.2.3"));
    assertThat(rib.groupCount()).isEqualTo(base + 1);
  }

  @Test
  void aSummarySubscriberGetsTheFirstChangesInFullAndCountsTheRest() {
    connected();
    java.util.List<Rib.ChangeSummary> got = new java.util.ArrayList<>();
    rib.subscribeSummary(loop, 5, got::add);
    loop.runPending();
    assertThat(got).hasSize(1);
    assertThat(got.get(0).changes()).hasSize(1); // the table so far: the connected route
    got.clear();
    java.util.List<Object> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(route("203.0.113." + i + "/32", Protocol.EBGP, 0, via("192.0.2.3")));
    }
    sink.apply(batch);
    loop.runPending();
    assertThat(got).hasSize(1);
    assertThat(got.get(0).changes()).hasSize(5);
    assertThat(got.get(0).moreChanged()).isEqualTo(95);
    assertThat(got.get(0).total()).isEqualTo(100);
    got.clear();
    java.util.List<Object> gone = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      RouteSink.withdrawal(gone, Protocol.EBGP, p("203.0.113." + i + "/32"));
    }
    sink.apply(gone);
    loop.runPending();
    assertThat(got.get(0).changes()).hasSize(5).allMatch(RibChange::removed);
    assertThat(got.get(0).moreWithdrawn()).isEqualTo(95);
    assertThat(got.get(0).moreChanged()).isZero();
  }

  @Test
  void recursiveNextHopsFollowTheRouteThatCoversThem() {
    connected();
    sink.offer(route("198.51.100.0/24", Protocol.STATIC, 0, via("192.0.2.254")));
    sink.offer(route("203.0.113.0/24", Protocol.IBGP, 0, via("198.51.100.1")));
    loop.runPending();
    assertThat(rib.group(p("203.0.113.0/24")).nextHops()).containsExactly(via("192.0.2.254"));
    // the static route moves: the iBGP route follows
    sink.offer(route("198.51.100.0/24", Protocol.STATIC, 0, via("192.0.2.253")));
    loop.runPending();
    assertThat(rib.group(p("203.0.113.0/24")).nextHops()).containsExactly(via("192.0.2.253"));
    // no route to the next hop: the iBGP route is inactive
    sink.withdraw(Protocol.STATIC, p("198.51.100.0/24"));
    loop.runPending();
    assertThat(rib.best(p("203.0.113.0/24"))).isNull();
  }

  @Test
  void aMoreSpecificCoverWinsAndOnlyDependentsMove() {
    connected();
    sink.offer(route("198.51.100.0/24", Protocol.STATIC, 0, via("192.0.2.254")));
    for (int i = 0; i < 50; i++) {
      sink.offer(route("203.0.113." + i + "/32", Protocol.IBGP, 0, via("198.51.100.1")));
      sink.offer(route("203.0.113." + (100 + i) + "/32", Protocol.IBGP, 0, via("198.51.100.200")));
    }
    loop.runPending();
    assertThat(rib.group(p("203.0.113.7/32")).nextHops()).containsExactly(via("192.0.2.254"));
    List<List<RibChange>> seen = new ArrayList<>();
    rib.subscribe(loop, seen::add);
    loop.runPending();
    seen.clear();
    // a more specific route covers one gateway: its 50 dependents move, the other 50 stay
    sink.offer(route("198.51.100.0/25", Protocol.OSPF_INTRA_AREA, 5, via("192.0.2.9")));
    loop.runPending();
    assertThat(rib.group(p("203.0.113.7/32")).nextHops()).containsExactly(via("192.0.2.9"));
    assertThat(rib.group(p("203.0.113.107/32")).nextHops()).containsExactly(via("192.0.2.254"));
    List<IpPrefix> changed = seen.stream().flatMap(List::stream).map(RibChange::prefix).toList();
    assertThat(changed)
        .hasSize(51)
        .contains(p("198.51.100.0/25"))
        .doesNotContain(p("203.0.113.107/32"));
    // the same gateway used by two protocols for one prefix: withdrawing one keeps the other
    sink.offer(route("203.0.113.7/32", Protocol.EBGP, 0, via("198.51.100.1")));
    sink.withdraw(Protocol.IBGP, p("203.0.113.7/32"));
    sink.offer(route("198.51.100.0/25", Protocol.OSPF_INTRA_AREA, 5, via("192.0.2.8")));
    loop.runPending();
    assertThat(rib.best(p("203.0.113.7/32")).protocol()).isEqualTo(Protocol.EBGP);
    assertThat(rib.group(p("203.0.113.7/32")).nextHops()).containsExactly(via("192.0.2.8"));
  }

  @Test
  void aGatewayThatResolvesNowhereLeavesTheRouteInactive() {
    sink.offer(route("203.0.113.0/24", Protocol.EBGP, 0, via("198.51.100.1")));
    loop.runPending();
    assertThat(rib.best(p("203.0.113.0/24"))).isNull();
  }

  @Test
  void subscribersGetTheTableThenCoalescedChanges() {
    connected();
    loop.runPending();
    List<List<RibChange>> batches = new ArrayList<>();
    rib.subscribe(loop, batches::add);
    loop.runPending();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0)).extracting(RibChange::prefix).containsExactly(p("192.0.2.0/24"));
    // three changes of one prefix before the subscriber runs: it sees the last one only
    sink.offer(route("198.51.100.0/24", Protocol.EBGP, 0, via("192.0.2.1")));
    sink.offer(route("198.51.100.0/24", Protocol.EBGP, 0, via("192.0.2.2")));
    sink.offer(route("198.51.100.0/24", Protocol.EBGP, 0, via("192.0.2.3")));
    loop.runPending();
    List<RibChange> last = batches.get(batches.size() - 1);
    assertThat(last).hasSize(1);
    assertThat(last.get(0).group().nextHops()).containsExactly(via("192.0.2.3"));
    sink.withdraw(Protocol.EBGP, p("198.51.100.0/24"));
    loop.runPending();
    assertThat(batches.get(batches.size() - 1).get(0).removed()).isTrue();
  }

  /**
   * A subscriber slower than the RIB (the FIB writer and a busy kernel) gets one chunk at a time,
   * the next only when it is done with the last; what changes meanwhile waits coalesced, so it sees
   * the latest route of each prefix and not every version.
   */
  @Test
  void aSlowSubscriberGetsChunksOneAtATimeAndOnlyTheLatestChanges() {
    connected();
    loop.runPending();
    VirtualEventLoop slow = new VirtualEventLoop(); // the subscriber's loop: runs when told
    List<List<RibChange>> batches = new ArrayList<>();
    rib.subscribe(slow, batches::add);
    loop.runPending();
    int n = 3 * Rib.SUBSCRIBER_CHUNK;
    List<IpPrefix> prefixes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      prefixes.add(p("2001:db8:" + Integer.toHexString(i) + "::/48"));
    }
    for (int round = 1; round <= 5; round++) { // five versions of every route
      for (IpPrefix q : prefixes) {
        sink.offer(Route.of(q, Protocol.EBGP, List.of(via("192.0.2." + round)), 0));
      }
      loop.runPending();
    }
    // the subscriber has not run yet: one batch is waiting for it (the table at subscription)
    slow.runPending();
    assertThat(batches).hasSize(1);
    int handed = 1;
    java.util.Map<IpPrefix, List<NextHop>> seen = new java.util.HashMap<>();
    int changes = 0;
    while (true) {
      loop.runPending(); // the RIB hears the subscriber is done and hands over the next chunk
      slow.runPending();
      if (batches.size() == handed) {
        break;
      }
      assertThat(batches).hasSize(handed + 1); // never more than one at a time
      List<RibChange> b = batches.get(handed++);
      assertThat(b.size()).isLessThanOrEqualTo(Rib.SUBSCRIBER_CHUNK);
      for (RibChange c : b) {
        seen.put(c.prefix(), c.group().nextHops());
        changes++;
      }
    }
    // every prefix once, at its last version: 5 * n offers reached it as n changes
    assertThat(changes).isEqualTo(n);
    assertThat(seen).hasSize(n);
    assertThat(seen.values()).allMatch(h -> h.equals(List.of(via("192.0.2.5"))));
  }

  @Test
  void anExportingChannelSeesOnlyChangesThatInvolveItsSources() {
    connected();
    List<RibChange> seen = new ArrayList<>();
    rib.channel(Source.OSPF, Channel.Import.ALL)
        .export(loop, Channel.Export.of(java.util.Set.of(Source.STATIC)), seen::addAll);
    loop.runPending();
    assertThat(seen).isEmpty(); // the connected route does not concern it
    sink.offer(route("198.51.100.0/24", Protocol.EBGP, 0, via("192.0.2.1")));
    sink.offer(route("203.0.113.0/24", Protocol.EBGP, 0, via("192.0.2.1")));
    loop.runPending();
    assertThat(seen).isEmpty(); // BGP to BGP: not its business
    sink.offer(route("198.51.100.0/24", Protocol.STATIC, 0, via("192.0.2.9")));
    loop.runPending();
    assertThat(seen).extracting(c -> c.best().protocol()).containsExactly(Protocol.STATIC);
    // the static route goes: BGP's comes back, and the channel must hear that static left
    seen.clear();
    sink.withdraw(Protocol.STATIC, p("198.51.100.0/24"));
    loop.runPending();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).removed()).isTrue(); // (BGP's route is not exported to it)
    seen.clear();
    sink.withdraw(Protocol.EBGP, p("198.51.100.0/24"));
    loop.runPending();
    assertThat(seen).isEmpty();
  }

  @Test
  void nextHopTrackingReportsReachabilityChanges() {
    List<NextHopResolver.Resolution> heard = new ArrayList<>();
    IpAddress nh = IpAddress.parse("198.51.100.1");
    rib.track(nh, loop, heard::add);
    loop.runPending();
    assertThat(heard).containsExactly(NextHopResolver.Resolution.UNREACHABLE);
    connected();
    sink.offer(route("198.51.100.0/24", Protocol.OSPF_INTRA_AREA, 20, via("192.0.2.254")));
    loop.runPending();
    assertThat(heard.get(heard.size() - 1)).isEqualTo(new NextHopResolver.Resolution(true, 20));
    int reports = heard.size();
    sink.offer(route("203.0.113.0/24", Protocol.STATIC, 0, via("192.0.2.1"))); // unrelated
    loop.runPending();
    assertThat(heard).hasSize(reports);
    sink.withdraw(Protocol.OSPF_INTRA_AREA, p("198.51.100.0/24"));
    loop.runPending();
    assertThat(heard.get(heard.size() - 1)).isEqualTo(NextHopResolver.Resolution.UNREACHABLE);
  }

  /**
   * Random offers and withdrawals (every protocol, connected covers, recursive gateways, ECMP)
   * against a plain model of selection: after each step every prefix's best route and group, the
   * number of groups in use and what a subscriber last heard agree with the model. The RIB keeps
   * most prefixes as bare routes and the rest in entries, and moves them between the two.
   */
  @Test
  void randomChangesAgreeWithAModelOfSelection() {
    java.util.Random rnd = new java.util.Random(20261202);
    List<IpPrefix> prefixes =
        List.of(
            p("192.0.2.0/24"),
            p("192.0.2.0/25"),
            p("198.51.100.0/24"),
            p("198.51.100.0/25"),
            p("203.0.113.1/32"),
            p("203.0.113.2/32"),
            p("203.0.113.3/32"),
            p("203.0.113.0/24"));
    List<NextHop> gateways =
        List.of(
            via("192.0.2.1"),
            via("192.0.2.2"),
            via("192.0.2.200"),
            via("198.51.100.1"),
            via("198.51.100.200"),
            via("203.0.113.1"),
            new NextHop(null, "eth0"));
    Protocol[] protocols = {
      Protocol.CONNECTED, Protocol.STATIC, Protocol.EBGP, Protocol.OSPF_INTRA_AREA, Protocol.IBGP
    };
    Map<IpPrefix, Map<Protocol, Route>> model = new java.util.HashMap<>();
    Map<IpPrefix, RibChange> heard = new java.util.HashMap<>();
    rib.subscribe(loop, batch -> batch.forEach(c -> heard.put(c.prefix(), c)));
    for (int step = 0; step < 3000; step++) {
      IpPrefix prefix = prefixes.get(rnd.nextInt(prefixes.size()));
      Protocol proto = protocols[rnd.nextInt(protocols.length)];
      if (rnd.nextInt(3) == 0) {
        sink.withdraw(proto, prefix);
        model.getOrDefault(prefix, new java.util.HashMap<>()).remove(proto);
      } else {
        List<NextHop> hops = new ArrayList<>();
        for (int n = rnd.nextInt(3); n >= 0; n--) {
          NextHop h = gateways.get(rnd.nextInt(gateways.size()));
          if (!hops.contains(h)) {
            hops.add(h);
          }
        }
        Route r = Route.of(prefix, proto, hops, rnd.nextInt(3));
        sink.offer(r);
        model.computeIfAbsent(prefix, k -> new java.util.HashMap<>()).put(proto, r);
      }
      loop.runPending();
      java.util.Set<List<NextHop>> groups = new java.util.HashSet<>();
      for (IpPrefix q : prefixes) {
        Route best = null;
        List<NextHop> bestHops = null;
        for (Protocol pr : protocols) { // distances differ, so the order of offers never matters
          Route r = model.getOrDefault(q, Map.of()).get(pr);
          List<NextHop> hops = r == null ? null : modelResolve(model, r);
          if (hops != null
              && (best == null
                  || pr.defaultDistance() < best.protocol().defaultDistance()
                  || (pr.defaultDistance() == best.protocol().defaultDistance()
                      && r.metric() < best.metric()))) {
            best = r;
            bestHops = hops;
          }
        }
        String at = "step " + step + ", " + q;
        assertThat(rib.best(q)).as(at).isEqualTo(best);
        if (best == null) {
          assertThat(rib.group(q)).as(at).isNull();
          assertThat(heard.get(q) == null ? null : heard.get(q).best()).as(at).isNull();
        } else {
          List<NextHop> want = NextHopGroup.normalize(bestHops);
          want = want.size() > 4 ? want.subList(0, 4) : want;
          assertThat(rib.group(q).nextHops()).as(at).isEqualTo(want);
          assertThat(heard.get(q).best()).as(at).isEqualTo(best);
          assertThat(heard.get(q).group()).as(at).isSameAs(rib.group(q));
          groups.add(want);
        }
      }
      assertThat(rib.groupCount()).as("groups at step " + step).isEqualTo(groups.size());
    }
  }

  /** The model's resolution: each gateway through the best non-BGP offer of its longest match. */
  private static List<NextHop> modelResolve(Map<IpPrefix, Map<Protocol, Route>> model, Route r) {
    List<NextHop> out = new ArrayList<>();
    for (NextHop h : r.nextHops()) {
      if (h.gateway() == null || h.interfaceName() != null) {
        out.add(h);
        continue;
      }
      Route via = null;
      for (int len = 32; len >= 0 && via == null; len--) {
        IpPrefix q = IpPrefix.of(h.gateway(), len);
        if (q.equals(r.prefix())) {
          continue;
        }
        for (Route c : model.getOrDefault(q, Map.of()).values()) {
          if (c.protocol() != Protocol.EBGP
              && c.protocol() != Protocol.IBGP
              && (via == null
                  || c.protocol().defaultDistance() < via.protocol().defaultDistance()
                  || (c.protocol().defaultDistance() == via.protocol().defaultDistance()
                      && c.metric() < via.metric()))) {
            via = c;
          }
        }
      }
      if (via == null) {
        return null;
      }
      out.addAll(via.protocol() == Protocol.CONNECTED ? List.of(h) : via.nextHops());
    }
    return out;
  }
}
