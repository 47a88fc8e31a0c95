package dev.cairn.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.MemoryNetwork;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.PolicyNextHop;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.NextHop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The speaker honours the next hop a policy sets through {@link PolicyNextHop}, for IPv6 routes
 * over IPv4 sessions too (dual-stack interfaces: 192.0.2.N also has 2001:db8::N).
 */
class PolicyNextHopTest {
  static final IpPrefix P6 = IpPrefix.parse("2001:db8:100::/48");
  static final IpPrefix P4 = IpPrefix.parse("198.51.100.0/24");

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);

  BgpSpeaker speaker(String address, long asn, BgpSpeakerTest.Rib rib) {
    Ipv4Address a = Ipv4Address.parse(address);
    BgpSpeaker s = new BgpSpeaker(loop, asn, a, net.transport(a), rib, DecisionOptions.DEFAULT);
    s.setLocalAddresses(BgpSpeakerTest::dualStack);
    net.listen(a, s::accept);
    return s;
  }

  static Neighbor neighbor(
      long asn, String self, long peerAs, String peer, RoutePolicy in, RoutePolicy out) {
    PeerConfig pc =
        PeerConfig.of(
            asn, peerAs, Ipv4Address.parse(self), IpAddress.parse(peer), BgpSpeakerTest.CAPS);
    return new Neighbor(pc, in, out);
  }

  /** Sets "self" on export, and 2001:db8::77 / 192.0.2.77 on import, for either family. */
  static final RoutePolicy SELF =
      new RoutePolicy() {
        @Override
        public dev.cairn.bgp.wire.PathAttributes apply(
            IpPrefix p, dev.cairn.bgp.wire.PathAttributes a, IpAddress n) {
          return a;
        }

        @Override
        public dev.cairn.bgp.wire.PathAttributes apply(
            IpPrefix p, dev.cairn.bgp.wire.PathAttributes a, IpAddress n, PolicyNextHop h) {
          h.setSelf();
          return a;
        }
      };

  static RoutePolicy setting(String v4, String v6) {
    return new RoutePolicy() {
      @Override
      public dev.cairn.bgp.wire.PathAttributes apply(
          IpPrefix p, dev.cairn.bgp.wire.PathAttributes a, IpAddress n) {
        return a;
      }

      @Override
      public dev.cairn.bgp.wire.PathAttributes apply(
          IpPrefix p, dev.cairn.bgp.wire.PathAttributes a, IpAddress n, PolicyNextHop h) {
        h.set(IpAddress.parse(p.afi() == dev.cairn.net.Afi.IPV4 ? v4 : v6));
        return a;
      }
    };
  }

  @Test
  void ipv6RoutesOverIpv4SessionsTakeTheNextHopThePolicySets() {
    // ext (65010) -> r1 -iBGP-> r2 (export self) and r1 -iBGP-> r3 (r3's import sets addresses)
    BgpSpeakerTest.Rib rExt = new BgpSpeakerTest.Rib();
    BgpSpeakerTest.Rib r1 = new BgpSpeakerTest.Rib();
    BgpSpeakerTest.Rib r2 = new BgpSpeakerTest.Rib();
    BgpSpeakerTest.Rib r3 = new BgpSpeakerTest.Rib();
    BgpSpeaker ext = speaker("192.0.2.10", 65010, rExt);
    BgpSpeaker s1 = speaker("192.0.2.1", 65000, r1);
    BgpSpeaker s2 = speaker("192.0.2.2", 65000, r2);
    BgpSpeaker s3 = speaker("192.0.2.3", 65000, r3);
    RoutePolicy all = RoutePolicy.ACCEPT_ALL;
    ext.addNeighbor(neighbor(65010, "192.0.2.10", 65000, "192.0.2.1", all, all));
    s1.addNeighbor(neighbor(65000, "192.0.2.1", 65010, "192.0.2.10", all, all));
    s1.addNeighbor(neighbor(65000, "192.0.2.1", 65000, "192.0.2.2", all, SELF));
    s1.addNeighbor(neighbor(65000, "192.0.2.1", 65000, "192.0.2.3", all, all));
    s2.addNeighbor(neighbor(65000, "192.0.2.2", 65000, "192.0.2.1", all, all));
    s3.addNeighbor(
        neighbor(
            65000, "192.0.2.3", 65000, "192.0.2.1", setting("192.0.2.77", "2001:db8::77"), all));
    List.of(ext, s1, s2, s3).forEach(BgpSpeaker::start);
    loop.advance(Duration.ofSeconds(2));
    ext.announce(P6);
    ext.announce(P4);
    loop.advance(Duration.ofSeconds(2));
    // r1 learns ext's IPv6 address (its interface's) as next hop
    assertThat(r1.routes.get(P6).nextHops()).containsExactly(via("2001:db8::10"));
    // export self: r1's IPv6 address for the IPv6 route, its IPv4 one for the IPv4 route
    assertThat(s1.advertised(IpAddress.parse("192.0.2.2")).get(P6).nextHop())
        .isEqualTo(IpAddress.parse("2001:db8::1"));
    assertThat(r2.routes.get(P6).nextHops()).containsExactly(via("2001:db8::1"));
    assertThat(r2.routes.get(P4).nextHops()).containsExactly(via("192.0.2.1"));
    // import: the addresses the policy set are what the RIB gets
    assertThat(r3.routes.get(P6).nextHops()).containsExactly(via("2001:db8::77"));
    assertThat(r3.routes.get(P4).nextHops()).containsExactly(via("192.0.2.77"));
    assertThat(s3.paths(dev.cairn.net.Afi.IPV4, P4).get(P4).get(0).attributes().nextHop())
        .isEqualTo(IpAddress.parse("192.0.2.77"));
  }

  @Test
  void importSelfIsTheNeighborForItsFamilyAndNothingForTheOther() {
    // ext -> a -iBGP-> b; over the IPv4 session "self" on import is a's IPv4 address for the IPv4
    // route, and has no meaning for the IPv6 route, which keeps ext's next hop
    BgpSpeakerTest.Rib rx = new BgpSpeakerTest.Rib();
    BgpSpeakerTest.Rib ra = new BgpSpeakerTest.Rib();
    BgpSpeakerTest.Rib rb = new BgpSpeakerTest.Rib();
    BgpSpeaker ext = speaker("192.0.2.10", 65010, rx);
    BgpSpeaker a = speaker("192.0.2.1", 65000, ra);
    BgpSpeaker b = speaker("192.0.2.2", 65000, rb);
    RoutePolicy all = RoutePolicy.ACCEPT_ALL;
    ext.addNeighbor(neighbor(65010, "192.0.2.10", 65000, "192.0.2.1", all, all));
    a.addNeighbor(neighbor(65000, "192.0.2.1", 65010, "192.0.2.10", all, all));
    a.addNeighbor(neighbor(65000, "192.0.2.1", 65000, "192.0.2.2", all, all));
    b.addNeighbor(neighbor(65000, "192.0.2.2", 65000, "192.0.2.1", SELF, all));
    List.of(ext, a, b).forEach(BgpSpeaker::start);
    loop.advance(Duration.ofSeconds(2));
    ext.announce(P6);
    ext.announce(P4);
    loop.advance(Duration.ofSeconds(2));
    assertThat(rb.routes.get(P4).nextHops()).containsExactly(via("192.0.2.1"));
    assertThat(rb.routes.get(P6).nextHops()).containsExactly(via("2001:db8::10"));
  }

  static NextHop via(String address) {
    return NextHop.via(IpAddress.parse(address));
  }
}
