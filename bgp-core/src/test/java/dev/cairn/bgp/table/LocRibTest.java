package dev.cairn.bgp.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.NextHopResolver.Resolution;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import org.junit.jupiter.api.Test;

/** The Loc-RIB on its own: each call returns what moved, and nothing else happens. */
class LocRibTest {
  private static final IpPrefix NET = IpPrefix.parse("198.51.100.0/24");
  private static final IpAddress NH_A = IpAddress.parse("192.0.2.1");
  private static final IpAddress NH_B = IpAddress.parse("192.0.2.2");

  private final NextHops hops = new NextHops();
  private final LocRib rib = new LocRib(DecisionOptions.DEFAULT, hops);

  /** A neighbor as the table sees one. */
  record Source(IpAddress address, boolean ebgp, int id) implements PathSource {
    @Override
    public Ipv4Address remoteId() {
      return new Ipv4Address(id);
    }

    @Override
    public boolean reflectionClient() {
      return false;
    }
  }

  private final Source a = new Source(NH_A, false, 1);
  private final Source b = new Source(NH_B, false, 2);
  private final Source ext = new Source(IpAddress.parse("192.0.2.3"), true, 3);

  private static PathAttributes attrs(long localPref, long... asns) {
    AsPath path = AsPath.EMPTY;
    for (int i = asns.length - 1; i >= 0; i--) {
      path = path.prepend(asns[i], 1);
    }
    return PathAttributes.builder().origin(0).asPath(path).localPref(localPref).build();
  }

  @Test
  void aFirstPathIsSelectedAndOfferedToTheRibAsItIs() {
    LocRib.Change c = rib.put(NET, a, attrs(100, 65001), hops.hop(NH_A));
    assertThat(c.moved()).isTrue();
    assertThat(c.replaced()).isFalse();
    assertThat(c.oldBest()).isNull();
    assertThat(c.best().from()).isSameAs(a);
    assertThat(c.ribRoute()).isSameAs(c.best()); // the path is the RIB's route: no copy
    assertThat(c.ribWithdrawn()).isNull();
    assertThat(rib.get(NET).best().from()).isSameAs(a);
  }

  @Test
  void theSamePathAgainReplacesWithoutMoving() {
    rib.put(NET, a, attrs(100, 65001), hops.hop(NH_A));
    LocRib.Change c = rib.put(NET, a, attrs(100, 65001), hops.hop(NH_A));
    assertThat(c.replaced()).isTrue();
    assertThat(c.moved()).isFalse();
    assertThat(c.ribRoute()).isNull();
    assertThat(rib.size()).isEqualTo(1);
  }

  @Test
  void aBetterPathTakesOverAndItsRemovalGivesTheOldOneBack() {
    rib.put(NET, a, attrs(100, 65001), hops.hop(NH_A));
    LocRib.Change c = rib.put(NET, b, attrs(200, 65002), hops.hop(NH_B));
    assertThat(c.moved()).isTrue();
    assertThat(c.oldBest().from()).isSameAs(a);
    assertThat(c.best().from()).isSameAs(b);
    assertThat(c.ribWithdrawn()).isNull(); // still iBGP: the RIB replaces its route
    assertThat(c.ribRoute().nextHops()).containsExactly(NextHop.via(NH_B));

    c = rib.remove(NET, b);
    assertThat(c.moved()).isTrue();
    assertThat(c.best().from()).isSameAs(a);
    assertThat(rib.remove(NET, b)).isNull(); // nothing of b's left
    assertThat(rib.get(NET).size()).isEqualTo(1);
  }

  @Test
  void aChangeOfProtocolWithdrawsTheOldRouteFromTheRib() {
    rib.put(NET, ext, attrs(-1, 65003), hops.hop(NH_A));
    LocRib.Change c = rib.put(NET, a, attrs(300, 65001), hops.hop(NH_A));
    assertThat(c.ribWithdrawn()).isEqualTo(Protocol.EBGP);
    assertThat(c.ribRoute().protocol()).isEqualTo(Protocol.IBGP);

    c = rib.remove(NET, a);
    c = rib.remove(NET, ext);
    assertThat(c.moved()).isTrue();
    assertThat(c.best()).isNull();
    assertThat(c.ribWithdrawn()).isEqualTo(Protocol.EBGP);
    assertThat(c.ribRoute()).isNull();
    assertThat(rib.get(NET)).isNull();
  }

  @Test
  void anUnresolvedNextHopKeepsItsPathOutUntilTheResolverAnswers() {
    hops.tracking(true);
    Hop h = hops.hop(NH_A);
    assertThat(hops.takeCreated()).isSameAs(h); // the owner is to track it
    assertThat(hops.takeCreated()).isNull();
    LocRib.Change c = rib.put(NET, a, attrs(100, 65001), h);
    assertThat(c.moved()).isFalse();
    assertThat(c.best()).isNull();

    assertThat(hops.resolve(h, new Resolution(true, 10))).isTrue();
    assertThat(hops.resolve(h, new Resolution(true, 10))).isFalse();
    assertThat(rib.via(h)).hasSize(1);
    c = rib.reselect(rib.via(h).get(0));
    assertThat(c.moved()).isTrue();
    assertThat(c.best().igpMetric()).isEqualTo(10);
  }

  @Test
  void equalPathsFormOneMultipathRouteWithASharedNextHopList() {
    LocRib mp = new LocRib(new DecisionOptions(false, true, 4, 4, false), hops);
    mp.put(NET, a, attrs(100, 65001), hops.hop(NH_A));
    LocRib.Change c = mp.put(NET, b, attrs(100, 65001), hops.hop(NH_B));
    assertThat(c.moved()).isTrue();
    Route r = c.ribRoute();
    assertThat(r.nextHops()).containsExactlyInAnyOrder(NextHop.via(NH_A), NextHop.via(NH_B));
    IpPrefix other = IpPrefix.parse("203.0.113.0/24");
    mp.put(other, a, attrs(100, 65001), hops.hop(NH_A));
    Route r2 = mp.put(other, b, attrs(100, 65001), hops.hop(NH_B)).ribRoute();
    assertThat(r2.nextHops()).isSameAs(r.nextHops());
  }

  @Test
  void originatingTheSameAttributesTwiceChangesNothing() {
    assertThat(rib.originate(NET, attrs(100)).moved()).isTrue();
    assertThat(rib.originate(NET, attrs(100))).isNull();
    LocRib.Change c = rib.originate(NET, attrs(200));
    assertThat(c.moved()).isTrue();
    assertThat(c.ribRoute()).isNull(); // this router's own route is not offered to the RIB
  }

  @Test
  void pathsMarkedStaleStaySelectedUntilRemoved() {
    rib.put(NET, a, attrs(100, 65001), hops.hop(NH_A));
    rib.put(IpPrefix.parse("203.0.113.0/24"), b, attrs(100, 65002), hops.hop(NH_B));
    assertThat(rib.markStale(a)).isEqualTo(1);
    assertThat(rib.markStale(a)).isZero();
    Path p = rib.path(NET, a);
    assertThat(p.stale()).isTrue();
    assertThat(rib.get(NET).best()).isSameAs(p);
    assertThat(rib.path(IpPrefix.parse("203.0.113.0/24"), b).stale()).isFalse();
    assertThat(rib.from(a)).hasSize(1);
  }
}
