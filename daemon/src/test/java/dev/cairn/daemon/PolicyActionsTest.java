package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.MemoryNetwork;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.ExtendedCommunities;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.Update;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every policy action that parses acts: policies written in YAML, compiled as cairnd compiles them,
 * applied by speakers talking BGP to each other over MemoryNetwork on virtual time; checked on what
 * the downstream router receives and what its RIB gets.
 */
class PolicyActionsTest {
  static final List<Capability> CAPS =
      List.of(
          Capability.Multiprotocol.of(Family.IPV4_UNICAST),
          Capability.Multiprotocol.of(Family.IPV6_UNICAST));
  static final IpPrefix P4 = IpPrefix.parse("198.51.100.0/24");
  static final IpPrefix P4B = IpPrefix.parse("203.0.113.0/24");
  static final IpPrefix P6 = IpPrefix.parse("2001:db8:100::/48");

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);

  static final class Rib implements RouteSink {
    final Map<IpPrefix, Route> routes = new HashMap<>();

    @Override
    public void offer(Route r) {
      routes.put(r.prefix(), r);
    }

    @Override
    public void withdraw(Protocol p, IpPrefix prefix) {
      routes.remove(prefix);
    }
  }

  /** A speaker whose sessions use {@code address} (IPv4 or IPv6), router id 192.0.2.{id}. */
  final class Router {
    final IpAddress address;
    final Ipv4Address routerId;
    final long asn;
    final Rib rib = new Rib();
    final BgpSpeaker speaker;

    Router(String address, int id, long asn) {
      this.address = IpAddress.parse(address);
      this.routerId = Ipv4Address.parse("192.0.2." + id);
      this.asn = asn;
      speaker =
          new BgpSpeaker(
              loop, asn, routerId, net.transport(this.address), rib, DecisionOptions.DEFAULT);
      net.listen(this.address, speaker::accept);
    }

    void peer(Router other, RoutePolicy importPolicy, RoutePolicy exportPolicy) {
      PeerConfig pc = PeerConfig.of(asn, other.asn, routerId, other.address, CAPS);
      speaker.addNeighbor(new Neighbor(pc, importPolicy, exportPolicy));
    }

    List<NextHop> ribNextHops(IpPrefix p) {
      Route r = rib.routes.get(p);
      return r == null ? null : r.nextHops();
    }

    PathAttributes received(IpPrefix p) {
      var paths = speaker.paths(p.afi(), p).get(p);
      return paths == null ? null : paths.get(0).attributes();
    }
  }

  static Map<String, RoutePolicy> policies(String yaml) throws Exception {
    CairnConfig c = ConfigLoader.parse("router-id: 192.0.2.250\npolicies:\n" + yaml, "p.yaml");
    Map<String, RoutePolicy> out = new HashMap<>();
    c.policies()
        .forEach(
            (name, p) -> {
              PolicyCompiler.checkCompilable(p);
              out.put(name, PolicyCompiler.compile(p));
            });
    return out;
  }

  void link(Router x, RoutePolicy xImport, RoutePolicy xExport, Router y) {
    x.peer(y, xImport, xExport);
    y.peer(x, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
  }

  void run(Router... rs) {
    for (Router r : rs) {
      r.speaker.start();
    }
    loop.advance(Duration.ofSeconds(3));
  }

  // ---------------------------------------------------------------- next hops, IPv4

  /** ext (AS 65010) announces to r1; r1 and r2 are iBGP (AS 65000) without next-hop-self. */
  @Test
  void exportNextHopSelfOverIbgpMakesTheDownstreamRouterGoThroughUs() throws Exception {
    Map<String, RoutePolicy> p =
        policies("  nh-self:\n    - { set: { next-hop: self }, action: accept }\n");
    Router ext = new Router("192.0.2.10", 10, 65010);
    Router r1 = new Router("192.0.2.1", 1, 65000);
    Router r2 = new Router("192.0.2.2", 2, 65000);
    Router r3 = new Router("192.0.2.3", 3, 65000); // the same without the policy
    link(r1, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, ext);
    link(r1, RoutePolicy.ACCEPT_ALL, p.get("nh-self"), r2);
    link(r1, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, r3);
    run(ext, r1, r2, r3);
    ext.speaker.announce(P4);
    loop.advance(Duration.ofSeconds(2));
    assertThat(r3.ribNextHops(P4)).containsExactly(NextHop.via(ext.address)); // iBGP keeps it
    assertThat(r2.ribNextHops(P4)).containsExactly(NextHop.via(r1.address));
    assertThat(r2.received(P4).nextHop()).isEqualTo(r1.address);
  }

  @Test
  void importNextHopSelfIsTheNeighborsAddressAndAnAddressIsInstalled() throws Exception {
    Map<String, RoutePolicy> p =
        policies(
            """
              in:
                - { match: { prefix: [198.51.100.0/24] }, set: { next-hop: self }, action: accept }
                - { match: { next-hop: [192.0.2.10] }, set: { next-hop: 192.0.2.77 }, action: next }
                - { match: { next-hop: [192.0.2.77/32] }, action: accept }
            """);
    Router ext = new Router("192.0.2.10", 10, 65010);
    Router r1 = new Router("192.0.2.1", 1, 65000);
    Router r2 = new Router("192.0.2.2", 2, 65000);
    Router r4 = new Router("192.0.2.4", 4, 65000); // iBGP behind r2
    link(r1, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, ext);
    link(r2, p.get("in"), RoutePolicy.ACCEPT_ALL, r1);
    r2.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65000, 65000, r2.routerId, r4.address, CAPS),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL,
            true)); // a reflector client: r2 passes r1's routes on
    r4.peer(r2, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    run(ext, r1, r2, r4);
    ext.speaker.announce(P4);
    ext.speaker.announce(P4B);
    loop.advance(Duration.ofSeconds(2));
    // self on import: the neighbor the route came from, installed and kept in NEXT_HOP
    assertThat(r2.ribNextHops(P4)).containsExactly(NextHop.via(r1.address));
    assertThat(r2.received(P4).nextHop()).isEqualTo(r1.address);
    // an address on import is installed; a later term's next-hop criterion sees it
    assertThat(r2.ribNextHops(P4B)).containsExactly(NextHop.via(IpAddress.parse("192.0.2.77")));
    // and passed on over iBGP as the route's next hop
    assertThat(r4.ribNextHops(P4B)).containsExactly(NextHop.via(IpAddress.parse("192.0.2.77")));
  }

  // ---------------------------------------------------------------- next hops, IPv6

  /** The same over IPv6 sessions: the next hop travels in MP_REACH_NLRI, not in the attributes. */
  @Test
  void ipv6NextHopsSetOnExportAndImportAreSentAndInstalled() throws Exception {
    Map<String, RoutePolicy> p =
        policies(
            """
              nh-self:
                - { set: { next-hop: self }, action: accept }
              third-party:
                - { set: { next-hop: "2001:db8::99", med: 7 }, action: accept }
              in:
                - match: { next-hop: ["2001:db8::10"] }
                  set: { next-hop: "2001:db8::55", local-pref: 150 }
                  action: accept
            """);
    Router ext = new Router("2001:db8::10", 10, 65010);
    Router r1 = new Router("2001:db8::1", 1, 65000);
    Router r2 = new Router("2001:db8::2", 2, 65000); // iBGP, export self
    Router r3 = new Router("2001:db8::3", 3, 65000); // iBGP, import sets an address
    Router e2 = new Router("2001:db8::20", 20, 65020); // eBGP, export a third-party address
    link(r1, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, ext);
    link(r1, RoutePolicy.ACCEPT_ALL, p.get("nh-self"), r2);
    r1.peer(r3, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    r3.peer(r1, p.get("in"), RoutePolicy.ACCEPT_ALL);
    link(r1, RoutePolicy.ACCEPT_ALL, p.get("third-party"), e2);
    run(ext, r1, r2, r3, e2);
    ext.speaker.announce(P6);
    loop.advance(Duration.ofSeconds(2));
    assertThat(r1.ribNextHops(P6)).containsExactly(NextHop.via(ext.address));
    // export self: r1's own address in MP_REACH_NLRI instead of ext's
    assertThat(r1.speaker.advertised(r2.address).get(P6).nextHop()).isEqualTo(r1.address);
    assertThat(r2.ribNextHops(P6)).containsExactly(NextHop.via(r1.address));
    // import: the next-hop criterion sees the IPv6 next hop, the set one is installed
    assertThat(r3.ribNextHops(P6)).containsExactly(NextHop.via(IpAddress.parse("2001:db8::55")));
    assertThat(r3.received(P6).localPref()).isEqualTo(150);
    // export an address to eBGP: sent as it is, with the term's other changes
    assertThat(e2.ribNextHops(P6)).containsExactly(NextHop.via(IpAddress.parse("2001:db8::99")));
    assertThat(e2.received(P6).med()).isEqualTo(7);
    assertThat(e2.received(P6).nextHop()).isNull(); // no IPv4 NEXT_HOP for an IPv6 route
  }

  @Test
  void aNextHopOfTheOtherFamilyLeavesTheRouteAlone() throws Exception {
    Map<String, RoutePolicy> p =
        policies("  v6nh:\n    - { set: { next-hop: \"2001:db8::99\" }, action: accept }\n");
    Router a = new Router("192.0.2.1", 1, 65001);
    Router b = new Router("192.0.2.2", 2, 65002);
    link(a, RoutePolicy.ACCEPT_ALL, p.get("v6nh"), b);
    run(a, b);
    a.speaker.announce(P4);
    loop.advance(Duration.ofSeconds(2));
    assertThat(b.ribNextHops(P4)).containsExactly(NextHop.via(a.address));
  }

  // ---------------------------------------------------------------- large and extended communities

  @Test
  void communitiesSetOnExportAreReceivedMatchedAndActedOn() throws Exception {
    Map<String, RoutePolicy> p =
        policies(
            """
              out:
                - match: { prefix: [198.51.100.0/24] }
                  set:
                    large-community-add: ["65001:1:2", "65001:9:9"]
                    ext-community-add: ["rt:65001:100", "soo:192.0.2.1:7", "rt:4200000001:5"]
                  action: next
                - match: { prefix: [203.0.113.0/24] }
                  set: { ext-community-add: ["rt:65001:666"], large-community-add: ["65001:0:0"] }
                  action: next
                - set: { large-community-remove: ["65001:9:9"] }
                  action: accept
              in:
                - match: { ext-community: ["rt:65001:666"] }
                  action: reject
                - match: { large-community: ["65001:1:2"], ext-community: ["soo:192.0.2.1:7"] }
                  set:
                    local-pref: 300
                    ext-community-remove: ["rt:65001:100"]
                    large-community-replace: ["65002:1:1"]
                  action: accept
                - action: accept
            """);
    Router a = new Router("192.0.2.1", 1, 65001);
    Router b = new Router("192.0.2.2", 2, 65002);
    a.peer(b, RoutePolicy.ACCEPT_ALL, p.get("out"));
    b.peer(a, p.get("in"), RoutePolicy.ACCEPT_ALL);
    run(a, b);
    assertThat(b.speaker.state(a.address)).isEqualTo(SessionState.ESTABLISHED);
    a.speaker.announce(P4);
    a.speaker.announce(P4B);
    loop.advance(Duration.ofSeconds(2));
    // on the wire from a: the values its export policy set (and not the one it removed)
    PathAttributes sent =
        net.sentBy(a.address).stream()
            .filter(
                m -> m instanceof Update u && u.nlri().size() > 0 && u.nlri().prefix(0).equals(P4))
            .map(m -> ((Update) m).attributes())
            .findFirst()
            .orElseThrow();
    assertThat(sent.largeCommunities().contains(65001, 1, 2)).isTrue();
    assertThat(sent.largeCommunities().contains(65001, 9, 9)).isFalse();
    assertThat(sent.extendedCommunities().contains(ExtendedCommunities.parse("rt:65001:100")))
        .isTrue();
    assertThat(sent.extendedCommunities().contains(0x0103_C000_0201_0007L)).isTrue();
    assertThat(sent.extendedCommunities().contains(0x0202_FA56_EA01_0005L)).isTrue();
    assertThat(sent.extendedCommunities().toString())
        .isEqualTo("[rt:65001:100 soo:192.0.2.1:7 rt:4200000001:5]");
    // b's import policy matched them and acted: local-pref, ext removed, large replaced
    PathAttributes got = b.received(P4);
    assertThat(got.localPref()).isEqualTo(300);
    assertThat(got.extendedCommunities().contains(ExtendedCommunities.parse("rt:65001:100")))
        .isFalse();
    assertThat(got.extendedCommunities().contains(0x0103_C000_0201_0007L)).isTrue();
    assertThat(got.largeCommunities().toString()).isEqualTo("[65002:1:1]");
    // the route with the "reject" route target never made it
    assertThat(b.speaker.bestRoutes()).containsOnlyKeys(P4);
  }

  // ---------------------------------------------------------------- AS-path regular expressions

  @Test
  @org.junit.jupiter.api.Timeout(
      120) // a guard against a hang (a backtracking engine), not a measure
  void anAsPathRegexRunsOncePerPathNotPerPrefixAndAHostilePatternDoesNotStall() throws Exception {
    Map<String, RoutePolicy> p =
        policies(
            """
              long-path:
                - { set: { as-path-prepend: { asn: 65001, count: 32 } }, action: accept }
              in:
                - { match: { as-path: "^([0-9]+ ?)+?65099$" }, action: reject }
                - { match: { as-path: "_65001$" }, set: { local-pref: 222 }, action: accept }
            """);
    Router a = new Router("192.0.2.1", 1, 65001);
    Router b = new Router("192.0.2.2", 2, 65002);
    a.peer(b, RoutePolicy.ACCEPT_ALL, p.get("long-path"));
    RoutePolicy in = p.get("in");
    b.peer(a, in, RoutePolicy.ACCEPT_ALL);
    run(a, b);
    for (int i = 0; i < 20; i++) {
      a.speaker.announce(IpPrefix.parse("198.51.100." + (i * 4) + "/30"));
    }
    loop.advance(Duration.ofSeconds(2));
    // 33 hops of 65001: the hostile pattern (minutes per path for a backtracking engine at 7
    // hops) is decided at once, and does not match; the second one does
    assertThat(b.speaker.bestRoutes()).hasSize(20);
    assertThat(b.received(IpPrefix.parse("198.51.100.0/30")).localPref()).isEqualTo(222);
    assertThat(b.received(IpPrefix.parse("198.51.100.0/30")).asPath().length()).isEqualTo(33);
    // 20 prefixes, one AS path: each expression ran once
    assertThat(((PolicyCompiler.Compiled) in).asPathEvaluations()).isEqualTo(2);
    // more prefixes with the same attributes later: still no new evaluation
    a.speaker.announce(P4B);
    loop.advance(Duration.ofSeconds(1));
    assertThat(b.speaker.bestRoutes()).containsKey(P4B);
    assertThat(((PolicyCompiler.Compiled) in).asPathEvaluations()).isEqualTo(2);
    assertThat(b.speaker.paths(Afi.IPV4, null)).hasSize(21);
  }
}
