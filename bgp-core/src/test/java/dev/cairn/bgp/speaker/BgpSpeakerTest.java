package dev.cairn.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.export.LocalAddresses;
import dev.cairn.bgp.fsm.MemoryNetwork;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.Update;
import dev.cairn.event.VirtualEventLoop;
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

/** Whole small topologies of speakers in one JVM over MemoryNetwork on virtual time. */
class BgpSpeakerTest {
  static final List<Capability> CAPS =
      List.of(
          Capability.Multiprotocol.of(Family.IPV4_UNICAST),
          Capability.Multiprotocol.of(Family.IPV6_UNICAST));
  static final IpPrefix VIP = IpPrefix.parse("203.0.113.10/32");

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);

  /** A RIB stand-in recording what the speaker offers. */
  static final class Rib implements RouteSink {
    final Map<IpPrefix, Route> routes = new HashMap<>();

    @Override
    public void offer(Route r) {
      routes.put(r.prefix(), r);
    }

    @Override
    public void withdraw(Protocol p, IpPrefix prefix) {
      Route r = routes.get(prefix);
      if (r != null && r.protocol() == p) {
        routes.remove(prefix);
      }
    }
  }

  final class Router {
    final IpAddress address;
    final long asn;
    final Rib rib = new Rib();
    final BgpSpeaker speaker;

    Router(String address, long asn, DecisionOptions opt) {
      this.address = IpAddress.parse(address);
      this.asn = asn;
      speaker =
          new BgpSpeaker(
              loop, asn, (Ipv4Address) this.address, net.transport(this.address), rib, opt);
      net.listen(this.address, speaker::accept);
    }

    void peer(Router other, RoutePolicy policy) {
      PeerConfig pc = PeerConfig.of(asn, other.asn, (Ipv4Address) address, other.address, CAPS);
      speaker.addNeighbor(new Neighbor(pc, policy, policy));
    }
  }

  static void link(Router x, Router y) {
    x.peer(y, RoutePolicy.ACCEPT_ALL);
    y.peer(x, RoutePolicy.ACCEPT_ALL);
  }

  @Test
  void routesPropagateOverEbgpWithPathAndNextHopRewritten() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    Router c = new Router("192.0.2.3", 65003, DecisionOptions.DEFAULT);
    link(a, b);
    link(b, c);
    List.of(a, b, c).forEach(r -> r.speaker.start());
    a.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(2));
    assertThat(c.speaker.state(b.address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(c.speaker.bestRoutes().get(IpPrefix.parse("198.51.100.0/24")))
        .startsWith("via 192.0.2.2")
        .contains("as-path=[65002 65001]");
    assertThat(c.rib.routes.get(IpPrefix.parse("198.51.100.0/24")).nextHops())
        .containsExactly(NextHop.via(b.address));
    // withdrawal travels the same way
    a.speaker.withdraw(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(1));
    assertThat(c.speaker.bestRoutes()).isEmpty();
    assertThat(c.rib.routes).isEmpty();
  }

  @Test
  void ebgpNeighborWithoutPolicyExchangesNoRoutes() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    a.peer(b, null); // RFC 8212: no policy, no routes
    b.peer(a, RoutePolicy.ACCEPT_ALL);
    a.speaker.start();
    b.speaker.start();
    a.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    b.speaker.announce(IpPrefix.parse("203.0.113.0/24"));
    loop.advance(Duration.ofSeconds(2));
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(b.speaker.bestRoutes()).containsOnlyKeys(IpPrefix.parse("203.0.113.0/24"));
    assertThat(a.speaker.bestRoutes()).containsOnlyKeys(IpPrefix.parse("198.51.100.0/24"));
  }

  @Test
  void gatewayInstallsOneEcmpRouteToAVipAnnouncedByTwoNodes() {
    DecisionOptions mp = new DecisionOptions(false, true, 16, 16, true);
    Router gw = new Router("192.0.2.254", 65000, mp);
    Router n1 = new Router("192.0.2.11", 65011, DecisionOptions.DEFAULT);
    Router n2 = new Router("192.0.2.12", 65012, DecisionOptions.DEFAULT);
    link(gw, n1);
    link(gw, n2);
    List.of(gw, n1, n2).forEach(r -> r.speaker.start());
    n1.speaker.announce(VIP);
    n2.speaker.announce(VIP);
    loop.advance(Duration.ofSeconds(2));
    assertThat(gw.rib.routes.get(VIP).nextHops())
        .containsExactlyInAnyOrder(NextHop.via(n1.address), NextHop.via(n2.address));
    assertThat(gw.rib.routes.get(VIP).protocol()).isEqualTo(Protocol.EBGP);
    n1.speaker.withdraw(VIP);
    loop.advance(Duration.ofSeconds(1));
    assertThat(gw.rib.routes.get(VIP).nextHops()).containsExactly(NextHop.via(n2.address));
    // a node that dies takes its path with it once its session is gone
    net.hold(n2.address, true);
    loop.advance(Duration.ofSeconds(95));
    assertThat(gw.rib.routes).doesNotContainKey(VIP);
  }

  @Test
  void routeReflectorReflectsBetweenClientsWithOriginatorIdAndClusterList() {
    Router rr = new Router("192.0.2.100", 65000, DecisionOptions.DEFAULT);
    Router c1 = new Router("192.0.2.101", 65000, DecisionOptions.DEFAULT);
    Router c2 = new Router("192.0.2.102", 65000, DecisionOptions.DEFAULT);
    Router plain = new Router("192.0.2.103", 65000, DecisionOptions.DEFAULT); // not a client
    for (Router c : List.of(c1, c2)) {
      PeerConfig pc = PeerConfig.of(65000, 65000, (Ipv4Address) rr.address, c.address, CAPS);
      rr.speaker.addNeighbor(new Neighbor(pc, null, null, true));
      c.peer(rr, null);
    }
    rr.peer(plain, null);
    plain.peer(rr, null);
    List.of(rr, c1, c2, plain).forEach(r -> r.speaker.start());
    c1.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    plain.speaker.announce(IpPrefix.parse("203.0.113.0/24"));
    loop.advance(Duration.ofSeconds(2));
    String reflected = c2.speaker.bestRoutes().get(IpPrefix.parse("198.51.100.0/24"));
    assertThat(reflected)
        .contains("originator-id=192.0.2.101")
        .contains("cluster-list=[192.0.2.100]")
        .contains("next-hop=192.0.2.101");
    // a client's route reaches the non-client too; a non-client's route reaches clients only
    assertThat(plain.speaker.bestRoutes()).containsKey(IpPrefix.parse("198.51.100.0/24"));
    assertThat(c1.speaker.bestRoutes()).containsKey(IpPrefix.parse("203.0.113.0/24"));
    // the originator drops its own route when it comes back (ORIGINATOR_ID loop check)
    assertThat(c1.speaker.bestRoutes().get(IpPrefix.parse("198.51.100.0/24"))).startsWith("local");
  }

  @Test
  void aNeighborBecomingAReflectorClientChangesWhatIsReflectedWithoutAReset() {
    Router rr = new Router("192.0.2.100", 65000, DecisionOptions.DEFAULT);
    Router c1 = new Router("192.0.2.101", 65000, DecisionOptions.DEFAULT);
    Router c2 = new Router("192.0.2.102", 65000, DecisionOptions.DEFAULT);
    Router plain = new Router("192.0.2.103", 65000, DecisionOptions.DEFAULT);
    for (Router c : List.of(c1, c2, plain)) {
      link(rr, c);
    }
    List.of(rr, c1, c2, plain).forEach(r -> r.speaker.start());
    IpPrefix p1 = IpPrefix.parse("198.51.100.0/24");
    c1.speaker.announce(p1);
    loop.advance(Duration.ofSeconds(2));
    // full iBGP split horizon: nobody hears c1's route through rr
    assertThat(rr.speaker.bestRoutes()).containsKey(p1);
    assertThat(c2.speaker.bestRoutes()).doesNotContainKey(p1);
    assertThat(plain.speaker.bestRoutes()).doesNotContainKey(p1);
    long opens = net.sentBy(rr.address).stream().filter(m -> m instanceof Open).count();

    // c1 becomes a client: its route now goes to every iBGP neighbor, clients or not
    rr.speaker.updateNeighbor(client(rr, c1, true));
    loop.runPending();
    assertThat(c2.speaker.bestRoutes().get(p1))
        .contains("originator-id=192.0.2.101")
        .contains("cluster-list=[192.0.2.100]");
    assertThat(plain.speaker.bestRoutes()).containsKey(p1);

    // c2 becomes a client as well, then c1 stops being one: a non-client's route reaches
    // clients only, so plain loses it and c2 keeps it
    rr.speaker.updateNeighbor(client(rr, c2, true));
    rr.speaker.updateNeighbor(client(rr, c1, false));
    loop.runPending();
    assertThat(plain.speaker.bestRoutes()).doesNotContainKey(p1);
    assertThat(c2.speaker.bestRoutes()).containsKey(p1);
    assertThat(rr.speaker.advertised(plain.address)).doesNotContainKey(p1);
    for (Router c : List.of(c1, c2, plain)) {
      assertThat(rr.speaker.state(c.address)).isEqualTo(SessionState.ESTABLISHED);
    }
    assertThat(net.sentBy(rr.address).stream().filter(m -> m instanceof Open).count())
        .isEqualTo(opens);
  }

  static Neighbor client(Router rr, Router c, boolean client) {
    PeerConfig pc = PeerConfig.of(65000, 65000, (Ipv4Address) rr.address, c.address, CAPS);
    return new Neighbor(pc, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, client);
  }

  @Test
  void aDrainingNodesGracefulShutdownCommunityTakesItOutOfTheEcmpSet() {
    DecisionOptions mp = new DecisionOptions(false, true, 16, 16, true);
    Router gw = new Router("192.0.2.254", 65000, mp);
    Router n1 = new Router("192.0.2.11", 65011, DecisionOptions.DEFAULT);
    Router n2 = new Router("192.0.2.12", 65012, DecisionOptions.DEFAULT);
    link(gw, n1);
    link(gw, n2);
    List.of(gw, n1, n2).forEach(r -> r.speaker.start());
    dev.cairn.bgp.wire.Communities svc = dev.cairn.bgp.wire.Communities.of(0xfde80064);
    n1.speaker.redistribute(VIP, true, svc, null);
    n2.speaker.redistribute(VIP, true, svc, null);
    loop.advance(Duration.ofSeconds(2));
    assertThat(gw.rib.routes.get(VIP).nextHops()).hasSize(2);
    assertThat(gw.speaker.bestRoutes().get(VIP)).contains("communities=[65000:100]");
    // node 1 drains: same prefix, GRACEFUL_SHUTDOWN added (RFC 8326); the gateway keeps the path
    // but with LOCAL_PREF 0, so all traffic goes to node 2 before node 1 withdraws
    n1.speaker.redistribute(
        VIP,
        true,
        dev.cairn.bgp.wire.Communities.of(
            0xfde80064, dev.cairn.bgp.wire.Communities.GRACEFUL_SHUTDOWN),
        null);
    loop.advance(Duration.ofSeconds(1));
    assertThat(gw.rib.routes.get(VIP).nextHops()).containsExactly(NextHop.via(n2.address));
    assertThat(gw.speaker.paths(dev.cairn.net.Afi.IPV4, VIP).get(VIP)).hasSize(2);
    n1.speaker.redistribute(VIP, false, null, null);
    loop.advance(Duration.ofSeconds(1));
    assertThat(gw.speaker.paths(dev.cairn.net.Afi.IPV4, VIP).get(VIP)).hasSize(1);
  }

  /** Each router's interface also has 2001:db8::N where its IPv4 address is 192.0.2.N. */
  static LocalAddresses dualStack(IpAddress local) {
    int n = ((Ipv4Address) local).bits() & 0xff;
    return new LocalAddresses(
        (Ipv4Address) local, (dev.cairn.net.Ipv6Address) IpAddress.parse("2001:db8::" + n));
  }

  @Test
  void ipv6RoutesCrossIpv4SessionsAndReflectionKeepsTheirNextHop() {
    Router rr = new Router("192.0.2.100", 65000, DecisionOptions.DEFAULT);
    Router c1 = new Router("192.0.2.101", 65000, DecisionOptions.DEFAULT);
    Router c2 = new Router("192.0.2.102", 65000, DecisionOptions.DEFAULT);
    Router ext = new Router("192.0.2.104", 65004, DecisionOptions.DEFAULT);
    for (Router c : List.of(c1, c2)) {
      PeerConfig pc = PeerConfig.of(65000, 65000, (Ipv4Address) rr.address, c.address, CAPS);
      rr.speaker.addNeighbor(new Neighbor(pc, null, null, true));
      c.peer(rr, null);
    }
    link(c2, ext);
    List.of(rr, c1, c2, ext).forEach(r -> r.speaker.setLocalAddresses(BgpSpeakerTest::dualStack));
    List.of(rr, c1, c2, ext).forEach(r -> r.speaker.start());
    IpPrefix pods = IpPrefix.parse("2001:db8:1::/48");
    c1.speaker.announce(pods);
    loop.advance(Duration.ofSeconds(2));
    // c1 gives its own IPv6 address; the reflector passes it on unchanged (RFC 4456)
    assertThat(rr.rib.routes.get(pods).nextHops())
        .containsExactly(NextHop.via(IpAddress.parse("2001:db8::101")));
    assertThat(c2.rib.routes.get(pods).nextHops())
        .containsExactly(NextHop.via(IpAddress.parse("2001:db8::101")));
    assertThat(c2.rib.routes.get(pods).protocol()).isEqualTo(Protocol.IBGP);
    // towards eBGP, c2 is the next hop
    assertThat(ext.rib.routes.get(pods).nextHops())
        .containsExactly(NextHop.via(IpAddress.parse("2001:db8::102")));
    assertThat(c2.speaker.advertised(ext.address).get(pods).nextHop())
        .isEqualTo(IpAddress.parse("2001:db8::102"));
    BgpSpeaker.NeighborDetail toExt =
        c2.speaker.neighbors().stream()
            .filter(n -> n.address().equals(ext.address))
            .findFirst()
            .get();
    assertThat(toExt.prefixesAdvertisedV6()).isEqualTo(1);
    c1.speaker.withdraw(pods);
    loop.advance(Duration.ofSeconds(1));
    assertThat(
            c2.speaker.neighbors().stream()
                .filter(n -> n.address().equals(ext.address))
                .findFirst()
                .get()
                .prefixesAdvertisedV6())
        .isZero();
  }

  @Test
  void gracefulRestartKeepsStaleRoutesUntilEndOfRibWithoutWithdrawingThem() {
    List<Capability> grCaps = new java.util.ArrayList<>(CAPS);
    grCaps.add(new Capability.GracefulRestart(false, false, 120, List.of()));
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    Router c = new Router("192.0.2.3", 65003, DecisionOptions.DEFAULT); // watches a's exports
    a.speaker.setGracefulRestart(true);
    a.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65001, 65002, (Ipv4Address) a.address, b.address, grCaps),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    b.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65002, 65001, (Ipv4Address) b.address, a.address, grCaps),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    link(a, c);
    List.of(a, b, c).forEach(r -> r.speaker.start());
    IpPrefix kept = IpPrefix.parse("198.51.100.0/24");
    IpPrefix gone = IpPrefix.parse("203.0.113.0/24");
    b.speaker.announce(kept);
    b.speaker.announce(gone);
    loop.advance(Duration.ofSeconds(2));
    assertThat(c.speaker.bestRoutes()).containsKeys(kept, gone);
    net.cut(a.address, b.address); // b "restarts": the TCP session ends without NOTIFICATION
    b.speaker.withdraw(gone); // ... and comes back without this route
    loop.runPending();
    assertThat(a.speaker.bestRoutes()).containsKeys(kept, gone); // stale, still used
    assertThat(c.speaker.bestRoutes()).containsKeys(kept, gone); // nothing withdrawn
    assertThat(a.rib.routes).containsKeys(kept, gone);
    loop.advance(Duration.ofSeconds(10)); // b reconnects, re-sends, End-of-RIB sweeps the rest
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.speaker.bestRoutes()).containsKey(kept).doesNotContainKey(gone);
    assertThat(c.speaker.bestRoutes()).containsKey(kept).doesNotContainKey(gone);
  }

  @Test
  void withoutGracefulRestartASessionLossWithdrawsAtOnce() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    b.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(2));
    net.cut(a.address, b.address);
    loop.runPending();
    assertThat(a.speaker.bestRoutes()).isEmpty();
  }

  @Test
  void routeRefreshMakesTheNeighborSendItsRoutesAgain() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    a.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(2));
    long updates = countUpdates(a, "198.51.100.0/24");
    assertThat(updates).isEqualTo(1);
    assertThat(b.speaker.requestRefresh(a.address, Family.IPV4_UNICAST)).isTrue();
    loop.runPending();
    assertThat(countUpdates(a, "198.51.100.0/24")).isEqualTo(2);
  }

  long countUpdates(Router r, String prefix) {
    return net.sentBy(r.address).stream()
        .filter(m -> m instanceof dev.cairn.bgp.wire.Update u && u.toString().contains(prefix))
        .count();
  }

  @Test
  void tooManyPrefixesEndTheSessionWithCeaseAndRestartLater() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    a.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65001, 65002, (Ipv4Address) a.address, b.address, CAPS),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL,
            false,
            2,
            Duration.ofSeconds(30),
            false));
    b.peer(a, RoutePolicy.ACCEPT_ALL);
    List.of(a, b).forEach(r -> r.speaker.start());
    loop.advance(Duration.ofSeconds(2));
    for (String p : List.of("198.51.100.0/26", "198.51.100.64/26", "198.51.100.128/26")) {
      b.speaker.announce(IpPrefix.parse(p));
    }
    loop.runPending();
    dev.cairn.bgp.wire.Notification n =
        (dev.cairn.bgp.wire.Notification)
            net.sentBy(a.address).stream()
                .filter(m -> m instanceof dev.cairn.bgp.wire.Notification x && x.subcode() == 1)
                .findFirst()
                .orElseThrow();
    assertThat(n.code()).isEqualTo(dev.cairn.bgp.wire.ErrorCodes.CEASE);
    assertThat(n.subcode()).isEqualTo(dev.cairn.bgp.wire.ErrorCodes.MAXIMUM_PREFIXES_REACHED);
    assertThat(n.data()).containsExactly(0, 1, 1, 0, 0, 0, 2); // AFI 1, SAFI 1, limit 2
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.IDLE);
    assertThat(a.speaker.bestRoutes()).isEmpty();
    loop.advance(Duration.ofSeconds(29));
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.IDLE);
    loop.advance(Duration.ofSeconds(2));
    assertThat(a.speaker.state(b.address)).isIn(SessionState.ESTABLISHED, SessionState.IDLE);
    assertThat(
            net.sentBy(a.address).stream()
                .filter(
                    m ->
                        m instanceof dev.cairn.bgp.wire.Notification x
                            && x.subcode()
                                == dev.cairn.bgp.wire.ErrorCodes.MAXIMUM_PREFIXES_REACHED)
                .count())
        .isEqualTo(2); // it came back, got the same three prefixes, and went down again
  }

  @Test
  void prefixesWithTheSameAttributesArePackedIntoOneUpdate() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    loop.advance(Duration.ofSeconds(2));
    long before = net.sentBy(a.address).stream().filter(m -> m instanceof Update).count();
    for (int i = 0; i < 300; i++) {
      a.speaker.announce(IpPrefix.parse("198.51." + (i / 256 + 100) + "." + (i % 256) + "/32"));
    }
    loop.runPending();
    List<Update> sent =
        net.sentBy(a.address).stream()
            .filter(m -> m instanceof Update)
            .map(m -> (Update) m)
            .skip(before)
            .toList();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).nlri().size()).isEqualTo(300);
    assertThat(b.speaker.bestRoutes()).hasSize(300);
  }

  @Test
  void administrativeShutdownOfOneNeighbor() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    b.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(2));
    a.speaker.shutdown(b.address, "planned work on the uplink");
    loop.advance(Duration.ofMinutes(5));
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.IDLE);
    assertThat(a.speaker.bestRoutes()).isEmpty();
    assertThat(net.sentBy(a.address))
        .anyMatch(
            m ->
                m instanceof dev.cairn.bgp.wire.Notification n
                    && n.shutdownCommunication().orElse("").equals("planned work on the uplink"));
    a.speaker.enable(b.address);
    loop.advance(Duration.ofSeconds(5));
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.speaker.bestRoutes()).hasSize(1);
  }

  @Test
  void nextHopsMustResolveThroughTheRibAndTheirMetricIsTheIgpCost() {
    var all = dev.cairn.rib.Channel.Import.ALL;
    // gw learns 203.0.113.0/24 over iBGP from two routers whose next hops it reaches only
    // through IGP routes that its RIB gets from elsewhere (here offered by the test)
    dev.cairn.rib.Rib rib = new dev.cairn.rib.Rib(loop, 16);
    dev.cairn.rib.Channel igp = rib.channel(dev.cairn.rib.Source.OSPF, all);
    IpAddress gwAddr = IpAddress.parse("192.0.2.1");
    BgpSpeaker gw =
        new BgpSpeaker(
            loop,
            65000,
            (Ipv4Address) gwAddr,
            net.transport(gwAddr),
            rib.channel(dev.cairn.rib.Source.BGP, all),
            DecisionOptions.DEFAULT);
    gw.setResolver(rib);
    net.listen(gwAddr, gw::accept);
    Router r1 = new Router("192.0.2.11", 65000, DecisionOptions.DEFAULT);
    Router r2 = new Router("192.0.2.12", 65000, DecisionOptions.DEFAULT);
    for (Router r : List.of(r1, r2)) {
      gw.addNeighbor(
          new Neighbor(
              PeerConfig.of(65000, 65000, (Ipv4Address) gwAddr, r.address, CAPS), null, null));
      PeerConfig pc = PeerConfig.of(65000, 65000, (Ipv4Address) r.address, gwAddr, CAPS);
      r.speaker.addNeighbor(new Neighbor(pc, null, null));
      r.speaker.start();
    }
    gw.start();
    loop.advance(Duration.ofSeconds(2));
    // the routers originate with their own address as NEXT_HOP, which nothing in gw's RIB covers
    r1.speaker.announce(IpPrefix.parse("203.0.113.0/24"));
    r2.speaker.announce(IpPrefix.parse("203.0.113.0/24"));
    loop.advance(Duration.ofSeconds(1));
    assertThat(gw.bestRoutes()).isEmpty(); // no route to either next hop: nothing usable
    igp.offer(
        Route.of(
            IpPrefix.parse("192.0.2.11/32"),
            Protocol.OSPF_INTRA_AREA,
            List.of(new NextHop(null, "eth1")),
            20));
    igp.offer(
        Route.of(
            IpPrefix.parse("192.0.2.12/32"),
            Protocol.OSPF_INTRA_AREA,
            List.of(new NextHop(null, "eth2")),
            10));
    loop.advance(Duration.ofSeconds(1));
    // both resolve now; the lower IGP cost (r2, metric 10) wins although r1 has the lower id
    assertThat(gw.bestRoutes().get(IpPrefix.parse("203.0.113.0/24"))).startsWith("via 192.0.2.12");
    igp.withdraw(Protocol.OSPF_INTRA_AREA, IpPrefix.parse("192.0.2.12/32"));
    loop.advance(Duration.ofSeconds(1));
    assertThat(gw.bestRoutes().get(IpPrefix.parse("203.0.113.0/24"))).startsWith("via 192.0.2.11");
  }

  @Test
  void aNeighborOfferingNoneOfTheConfiguredFamiliesIsRefusedWithUnsupportedCapability() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    List<Capability> v6only = List.of(Capability.Multiprotocol.of(Family.IPV6_UNICAST));
    List<Capability> v4only = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST));
    a.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65001, 65002, (Ipv4Address) a.address, b.address, v6only),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    b.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65002, 65001, (Ipv4Address) b.address, a.address, v4only)
                .withPassive(true),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    b.speaker.start();
    a.speaker.start();
    loop.runPending();
    assertThat(net.sentBy(a.address))
        .contains(
            new dev.cairn.bgp.wire.Notification(
                dev.cairn.bgp.wire.ErrorCodes.OPEN_MESSAGE_ERROR,
                dev.cairn.bgp.wire.ErrorCodes.UNSUPPORTED_CAPABILITY,
                new byte[] {1, 4, 0, 2, 0, 1}));
    assertThat(a.speaker.state(b.address)).isNotEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void nextHopSelfTowardsIbgpRewritesTheNextHopOfExternalRoutes() {
    Router ext = new Router("192.0.2.9", 65009, DecisionOptions.DEFAULT);
    Router gw = new Router("192.0.2.1", 65000, DecisionOptions.DEFAULT);
    Router in = new Router("192.0.2.2", 65000, DecisionOptions.DEFAULT);
    link(ext, gw);
    gw.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65000, 65000, (Ipv4Address) gw.address, in.address, CAPS),
            null,
            null,
            false,
            0,
            null,
            true));
    in.peer(gw, null);
    List.of(ext, gw, in).forEach(r -> r.speaker.start());
    ext.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(2));
    assertThat(in.speaker.bestRoutes().get(IpPrefix.parse("198.51.100.0/24")))
        .contains("next-hop=192.0.2.1")
        .contains("as-path=[65009]");
  }

  @Test
  void routeReflectorDropsRoutesWithItsOwnOriginatorIdOrClusterId() {
    Router rr = new Router("192.0.2.100", 65000, DecisionOptions.DEFAULT);
    IpAddress client = IpAddress.parse("192.0.2.101");
    rr.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65000, 65000, (Ipv4Address) rr.address, client, CAPS).withPassive(true),
            null,
            null,
            true));
    rr.speaker.start();
    dev.cairn.bgp.fsm.Connection[] conn = new dev.cairn.bgp.fsm.Connection[1];
    net.transport(client)
        .connect(
            rr.address,
            null,
            new dev.cairn.bgp.fsm.Transport.ConnectCallback() {
              @Override
              public void connected(dev.cairn.bgp.fsm.Connection c) {
                conn[0] = c;
                c.listen(
                    new dev.cairn.bgp.fsm.ConnectionListener() {
                      @Override
                      public void onMessage(dev.cairn.bgp.wire.BgpMessage m) {}

                      @Override
                      public void onDecodeError(dev.cairn.bgp.wire.WireError e) {}

                      @Override
                      public void onClosed(String reason) {}
                    });
                c.send(dev.cairn.bgp.wire.Open.of(65000, 0, (Ipv4Address) client, CAPS));
                c.send(dev.cairn.bgp.wire.Keepalive.INSTANCE);
              }

              @Override
              public void failed(String reason) {}
            });
    loop.runPending();
    assertThat(rr.speaker.state(client)).isEqualTo(SessionState.ESTABLISHED);
    dev.cairn.bgp.wire.PathAttributes base =
        dev.cairn.bgp.wire.PathAttributes.builder()
            .origin(0)
            .asPath(dev.cairn.bgp.wire.AsPath.EMPTY)
            .nextHop((Ipv4Address) client)
            .localPref(100)
            .build();
    send(
        conn[0],
        base.toBuilder().originatorId((Ipv4Address) rr.address).build(),
        "198.51.100.0/24");
    send(
        conn[0],
        base.toBuilder().clusterList(((Ipv4Address) rr.address).bits()).build(),
        "198.51.100.128/25");
    send(conn[0], base, "203.0.113.0/24");
    loop.runPending();
    assertThat(rr.speaker.bestRoutes()).containsOnlyKeys(IpPrefix.parse("203.0.113.0/24"));
  }

  static void send(
      dev.cairn.bgp.fsm.Connection c, dev.cairn.bgp.wire.PathAttributes a, String prefix) {
    c.send(
        Update.announce(
            a, dev.cairn.bgp.wire.NlriList.of(dev.cairn.net.Afi.IPV4, IpPrefix.parse(prefix))));
  }

  @Test
  void redistributedRoutesAreOriginatedAsIncompleteAndWithdrawnWhenGone() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    loop.advance(Duration.ofSeconds(2));
    IpPrefix podCidr = IpPrefix.parse("198.51.100.64/26");
    a.speaker.redistribute(podCidr, true);
    loop.runPending();
    assertThat(b.speaker.bestRoutes().get(podCidr)).contains("origin=incomplete");
    a.speaker.redistribute(podCidr, true); // repeated: no change
    a.speaker.redistribute(podCidr, false);
    loop.runPending();
    assertThat(b.speaker.bestRoutes()).doesNotContainKey(podCidr);
  }

  @Test
  void policiesChangeWithoutResettingTheSession() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    IpPrefix mine = IpPrefix.parse("198.51.100.0/24");
    IpPrefix theirs = IpPrefix.parse("203.0.113.0/24");
    a.speaker.announce(mine);
    b.speaker.announce(theirs);
    loop.advance(Duration.ofSeconds(2));
    assertThat(b.speaker.bestRoutes()).containsKey(mine);
    assertThat(a.speaker.bestRoutes()).containsKey(theirs);
    int opens =
        (int)
            net.sentBy(a.address).stream()
                .filter(m -> m instanceof dev.cairn.bgp.wire.Open)
                .count();
    // export nothing, import nothing: routes go, the session stays
    a.speaker.setPolicies(b.address, RoutePolicy.REJECT_ALL, RoutePolicy.REJECT_ALL);
    loop.runPending();
    assertThat(b.speaker.bestRoutes()).doesNotContainKey(mine);
    assertThat(a.speaker.bestRoutes()).doesNotContainKey(theirs);
    // and back: the neighbor is asked for its routes again (ROUTE-REFRESH)
    a.speaker.setPolicies(b.address, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    loop.runPending();
    assertThat(b.speaker.bestRoutes()).containsKey(mine);
    assertThat(a.speaker.bestRoutes()).containsKey(theirs);
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(
            net.sentBy(a.address).stream()
                .filter(m -> m instanceof dev.cairn.bgp.wire.Open)
                .count())
        .isEqualTo(opens);
  }

  static long updates(MemoryNetwork net, IpAddress from) {
    return net.sentBy(from).stream().filter(m -> m instanceof Update).count();
  }

  @Test
  void aPolicyChangeSendsOnlyTheDifferences() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    link(a, b);
    List.of(a, b).forEach(r -> r.speaker.start());
    IpPrefix kept = IpPrefix.parse("198.51.100.0/24");
    IpPrefix dropped = IpPrefix.parse("203.0.113.0/24");
    a.speaker.announce(kept);
    a.speaker.announce(dropped);
    loop.advance(Duration.ofSeconds(2));
    assertThat(b.speaker.bestRoutes()).containsKeys(kept, dropped);
    long before = updates(net, a.address);
    // Adj-RIB-Out keeps no attributes: the old policy's export is computed again to compare
    a.speaker.setPolicies(
        b.address,
        RoutePolicy.ACCEPT_ALL,
        (prefix, attrs, n) -> prefix.equals(dropped) ? null : attrs);
    loop.runPending();
    assertThat(b.speaker.bestRoutes()).containsOnlyKeys(kept);
    assertThat(updates(net, a.address) - before).isEqualTo(1); // the withdrawal alone
    assertThat(a.speaker.advertised(b.address)).containsOnlyKeys(kept);
  }

  @Test
  void aNewBestPathThatExportsTheSameSendsNothing() {
    Router a1 = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router a2 = new Router("192.0.2.2", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.3", 65001, DecisionOptions.DEFAULT);
    Router c = new Router("192.0.2.4", 65004, DecisionOptions.DEFAULT);
    link(a1, b);
    link(a2, b);
    link(b, c);
    List.of(a1, a2, b, c).forEach(r -> r.speaker.start());
    a1.speaker.announce(VIP);
    a2.speaker.announce(VIP);
    loop.advance(Duration.ofSeconds(2));
    assertThat(b.speaker.bestRoutes().get(VIP)).startsWith("via 192.0.2.1");
    assertThat(c.speaker.bestRoutes()).containsKey(VIP);
    long before = updates(net, b.address);
    // b's best moves to a2's path; to c (eBGP: next hop self, its own AS) both export the same
    a1.speaker.withdraw(VIP);
    loop.advance(Duration.ofSeconds(1));
    assertThat(b.speaker.bestRoutes().get(VIP)).startsWith("via 192.0.2.2");
    assertThat(updates(net, b.address)).isEqualTo(before);
    assertThat(c.speaker.bestRoutes()).containsKey(VIP);
    a2.speaker.withdraw(VIP);
    loop.advance(Duration.ofSeconds(1));
    assertThat(c.speaker.bestRoutes()).doesNotContainKey(VIP);
  }

  @Test
  void onlyFamiliesBothSidesAnnouncedAreSentEndOfRibIncluded() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    List<Capability> v4only = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST));
    a.speaker.addNeighbor(
        new Neighbor(
            PeerConfig.of(65001, 65002, (Ipv4Address) a.address, b.address, v4only),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    b.peer(a, RoutePolicy.ACCEPT_ALL); // offers IPv4 and IPv6
    List.of(a, b).forEach(r -> r.speaker.start());
    a.speaker.announce(IpPrefix.parse("2001:db8:100::/48"));
    loop.advance(Duration.ofSeconds(2));
    assertThat(net.sentBy(a.address))
        .filteredOn(m -> m instanceof Update)
        .extracting(m -> ((Update) m).endOfRibFamily())
        .containsExactly(Family.IPV4_UNICAST); // the IPv6 route is not sent, nor an IPv6 EoR
    assertThat(b.speaker.bestRoutes()).doesNotContainKey(IpPrefix.parse("2001:db8:100::/48"));
  }

  @Test
  void neighborsWithTheSameExportShareOneComputedUpdateStream() {
    Router gw = new Router("192.0.2.1", 65000, DecisionOptions.DEFAULT);
    List<Router> nodes =
        List.of(
            new Router("192.0.2.11", 65011, DecisionOptions.DEFAULT),
            new Router("192.0.2.12", 65012, DecisionOptions.DEFAULT),
            new Router("192.0.2.13", 65013, DecisionOptions.DEFAULT));
    nodes.forEach(n -> link(gw, n));
    gw.speaker.start();
    nodes.forEach(n -> n.speaker.start());
    loop.advance(Duration.ofSeconds(2));
    long before = gw.speaker.updateBatchesComputed();
    for (int i = 0; i < 50; i++) {
      gw.speaker.announce(IpPrefix.parse("198.51.100." + i + "/32"));
    }
    loop.runPending();
    assertThat(gw.speaker.updateBatchesComputed() - before).isEqualTo(1); // once for three
    nodes.forEach(n -> assertThat(n.speaker.bestRoutes()).hasSize(50));
    // a route from one node goes to the two others only: that node's set differs
    before = gw.speaker.updateBatchesComputed();
    nodes.get(0).speaker.announce(IpPrefix.parse("203.0.113.0/24"));
    loop.runPending();
    assertThat(gw.speaker.updateBatchesComputed() - before).isEqualTo(1);
    assertThat(nodes.get(1).speaker.bestRoutes()).containsKey(IpPrefix.parse("203.0.113.0/24"));
    assertThat(nodes.get(2).speaker.bestRoutes()).containsKey(IpPrefix.parse("203.0.113.0/24"));
    // two nodes announce at once: three different sets pending (each gets the other's route, the
    // third both), so three streams, each to its own neighbor
    before = gw.speaker.updateBatchesComputed();
    nodes.get(0).speaker.announce(IpPrefix.parse("203.0.113.64/26"));
    nodes.get(1).speaker.announce(IpPrefix.parse("203.0.113.128/26"));
    loop.advance(Duration.ofMillis(10)); // both UPDATEs reach the gateway in one step
    assertThat(gw.speaker.updateBatchesComputed() - before).isBetween(2L, 3L);
    loop.runPending();
    assertThat(nodes.get(0).speaker.bestRoutes().get(IpPrefix.parse("203.0.113.128/26")))
        .startsWith("via 192.0.2.1");
    assertThat(nodes.get(1).speaker.bestRoutes().get(IpPrefix.parse("203.0.113.64/26")))
        .startsWith("via 192.0.2.1");
    assertThat(nodes.get(2).speaker.bestRoutes())
        .containsKeys(IpPrefix.parse("203.0.113.64/26"), IpPrefix.parse("203.0.113.128/26"));
  }

  @Test
  void ebgpLoopDetectionDropsRoutesCarryingOurAs() {
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    Router c = new Router("192.0.2.3", 65001, DecisionOptions.DEFAULT); // same AS as a
    link(a, b);
    link(b, c);
    List.of(a, b, c).forEach(r -> r.speaker.start());
    a.speaker.announce(IpPrefix.parse("198.51.100.0/24"));
    loop.advance(Duration.ofSeconds(2));
    assertThat(b.speaker.bestRoutes()).containsKey(IpPrefix.parse("198.51.100.0/24"));
    assertThat(c.speaker.bestRoutes()).doesNotContainKey(IpPrefix.parse("198.51.100.0/24"));
  }

  /**
   * The Loc-RIB holds a prefix as a bare path or as an entry, and moves it between the two as paths
   * come and go. Random announcements, withdrawals and session resets of three neighbors of a
   * multipath gateway, checked after each step against which neighbors announce what: the RIB's
   * route (next hops: exactly those neighbors), the gateway's best paths and what a fourth router
   * downstream holds.
   */
  @Test
  void randomAnnouncementsWithdrawalsAndResetsKeepTheLocRibRight() {
    Fabric f = fabric(new DecisionOptions(false, true, 16, 16, true));
    Router gw = f.gw();
    List<Router> nodes = f.nodes();
    Router down = f.down();
    List<IpPrefix> prefixes = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      prefixes.add(IpPrefix.parse("198.51.100." + (i * 16) + "/28"));
    }
    Map<IpPrefix, java.util.Set<IpAddress>> model = new HashMap<>();
    java.util.Random rnd = new java.util.Random(42);
    for (int step = 0; step < 400; step++) {
      Router n = nodes.get(rnd.nextInt(nodes.size()));
      IpPrefix p = prefixes.get(rnd.nextInt(prefixes.size()));
      int op = rnd.nextInt(20);
      if (op == 0) {
        gw.speaker.hardReset(n.address); // its paths go, and come back with the session
        loop.advance(Duration.ofSeconds(120));
      } else if (op < 12) {
        n.speaker.announce(p);
        model.computeIfAbsent(p, k -> new java.util.HashSet<>()).add(n.address);
        loop.advance(Duration.ofSeconds(1));
      } else {
        n.speaker.withdraw(p);
        model.getOrDefault(p, new java.util.HashSet<>()).remove(n.address);
        loop.advance(Duration.ofSeconds(1));
      }
      String at = "step " + step;
      for (Router r : nodes) {
        assertThat(gw.speaker.state(r.address)).as(at).isEqualTo(SessionState.ESTABLISHED);
      }
      Map<IpPrefix, String> best = gw.speaker.bestRoutes();
      Map<IpPrefix, String> downstream = down.speaker.bestRoutes();
      for (IpPrefix q : prefixes) {
        java.util.Set<IpAddress> from = model.getOrDefault(q, java.util.Set.of());
        if (from.isEmpty()) {
          assertThat(gw.rib.routes).as(at + " " + q).doesNotContainKey(q);
          assertThat(best).as(at + " " + q).doesNotContainKey(q);
          assertThat(downstream).as(at + " " + q).doesNotContainKey(q);
        } else {
          assertThat(gw.rib.routes.get(q).nextHops())
              .as(at + " " + q)
              .containsExactlyInAnyOrderElementsOf(from.stream().map(NextHop::via).toList());
          assertThat(gw.rib.routes.get(q).protocol()).isEqualTo(Protocol.EBGP);
          assertThat(best).as(at + " " + q).containsKey(q);
          assertThat(downstream.get(q)).as(at + " " + q).startsWith("via 192.0.2.254");
        }
      }
    }
  }

  /**
   * Send-side backpressure: a neighbor that stops reading holds up its connection after a few
   * UPDATEs. Further changes wait in the speaker, where a newer change to a prefix replaces the
   * older one (an announcement withdrawn before it could be sent is never sent), and End-of-RIB of
   * a refresh follows the last chunk once the neighbor reads again.
   */
  @Test
  void aNeighborThatStopsReadingGetsTheLatestChangesInChunksAndEndOfRibLast() {
    net.sendWindow(2); // two UPDATEs in flight at most
    Router a = new Router("192.0.2.1", 65001, DecisionOptions.DEFAULT);
    Router b = new Router("192.0.2.2", 65002, DecisionOptions.DEFAULT);
    a.speaker.flushChunk(64);
    link(a, b);
    a.speaker.start();
    b.speaker.start();
    loop.advance(Duration.ofSeconds(2));
    assertThat(a.speaker.state(b.address)).isEqualTo(SessionState.ESTABLISHED);

    net.hold(b.address, true); // b stops reading
    int mark = net.sentBy(a.address).size();
    List<IpPrefix> doomed = new java.util.ArrayList<>(); // 198.51.100.0/24: announced, withdrawn
    List<IpPrefix> kept = new java.util.ArrayList<>(); // 203.0.113.0/24: announced
    for (int i = 0; i < 256; i++) {
      doomed.add(IpPrefix.parse("198.51.100." + i + "/32"));
      kept.add(IpPrefix.parse("203.0.113." + i + "/32"));
    }
    doomed.forEach(a.speaker::announce);
    kept.forEach(a.speaker::announce);
    loop.runPending();
    // two chunks of 64 went out (one UPDATE each: the same attributes); the rest waits
    List<Update> held = updatesSince(a, mark);
    assertThat(held).hasSize(2);
    assertThat(queued(a, b)).isEqualTo(512 - 128);
    doomed.forEach(a.speaker::withdraw);
    a.speaker.softOut(b.address); // everything again, then End-of-RIB
    loop.runPending();
    assertThat(updatesSince(a, mark)).hasSize(2); // still nothing more while b does not read
    // 128 withdrawals of what went out, queued behind; the other 128 replaced where they waited
    assertThat(queued(a, b)).isEqualTo(512);

    net.hold(b.address, false);
    loop.advance(Duration.ofSeconds(1));
    assertThat(queued(a, b)).isZero();
    assertThat(b.speaker.bestRoutes().keySet()).containsExactlyInAnyOrderElementsOf(kept);
    List<Update> all = updatesSince(a, mark);
    java.util.Set<IpPrefix> announced = new java.util.HashSet<>();
    int lastRoutes = -1;
    int endOfRib = -1;
    for (int i = 0; i < all.size(); i++) {
      Update u = all.get(i);
      if (Family.IPV4_UNICAST.equals(u.endOfRibFamily())) {
        endOfRib = i;
        continue;
      }
      for (int k = 0; k < u.nlri().size(); k++) {
        announced.add(u.nlri().prefix(k));
      }
      if (!u.nlri().isEmpty() || !u.withdrawn().isEmpty()) {
        lastRoutes = i;
      }
    }
    // the doomed prefixes that had not gone out when they were withdrawn never went out at all
    assertThat(announced).containsAll(kept).containsAll(doomed.subList(0, 128));
    assertThat(announced).doesNotContainAnyElementsOf(doomed.subList(128, 256));
    assertThat(endOfRib).isGreaterThan(lastRoutes);
  }

  /**
   * Backpressure under churn: a downstream neighbor that stops reading for a while, again and
   * again, while three nodes announce and withdraw at random and it is sometimes reset. The gateway
   * sends one small chunk at a time; whenever the downstream has read everything, it holds exactly
   * what the nodes announce, and nothing waits for it any more.
   */
  @Test
  void aNeighborThatReadsInFitsAndStartsKeepsUpWithTheLatestState() {
    net.sendWindow(1);
    Fabric f = fabric(DecisionOptions.DEFAULT);
    Router gw = f.gw();
    gw.speaker.flushChunk(2);
    List<Router> nodes = f.nodes();
    Router down = f.down();
    List<IpPrefix> prefixes = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      prefixes.add(IpPrefix.parse("203.0.113." + (i * 4) + "/30"));
    }
    Map<IpPrefix, java.util.Set<IpAddress>> model = new HashMap<>();
    java.util.Random rnd = new java.util.Random(9);
    boolean held = false;
    int heldFor = 0;
    int checks = 0;
    int maxQueued = 0;
    for (int step = 0; step < 600; step++) {
      if (!held && rnd.nextInt(8) == 0) {
        net.hold(down.address, true);
        held = true;
        heldFor = 0;
      } else if (held && (++heldFor > 20 || rnd.nextInt(6) == 0)) {
        net.hold(down.address, false);
        held = false;
      } else if (!held && rnd.nextInt(60) == 0) {
        gw.speaker.hardReset(down.address);
        loop.advance(Duration.ofSeconds(120));
      }
      Router n = nodes.get(rnd.nextInt(nodes.size()));
      IpPrefix p = prefixes.get(rnd.nextInt(prefixes.size()));
      for (int k = 0; k < 4; k++) { // a few changes per second
        if (rnd.nextBoolean()) {
          n.speaker.announce(p);
          model.computeIfAbsent(p, x -> new java.util.HashSet<>()).add(n.address);
        } else {
          n.speaker.withdraw(p);
          model.getOrDefault(p, new java.util.HashSet<>()).remove(n.address);
        }
        p = prefixes.get(rnd.nextInt(prefixes.size()));
      }
      loop.advance(Duration.ofSeconds(1));
      if (held) {
        maxQueued = Math.max(maxQueued, queued(gw, down));
        continue;
      }
      String at = "step " + step;
      assertThat(gw.speaker.state(down.address)).as(at).isEqualTo(SessionState.ESTABLISHED);
      assertThat(queued(gw, down)).as(at).isZero();
      java.util.Set<IpPrefix> expected = new java.util.HashSet<>();
      model.forEach(
          (q, from) -> {
            if (!from.isEmpty()) {
              expected.add(q);
            }
          });
      assertThat(down.speaker.bestRoutes().keySet()).as(at).isEqualTo(expected);
      checks++;
    }
    assertThat(checks).isGreaterThan(100);
    assertThat(maxQueued).isGreaterThan(10); // changes did wait in the gateway, coalesced
  }

  /** A gateway with three eBGP nodes and one neighbor downstream, all Established. */
  record Fabric(Router gw, List<Router> nodes, Router down) {}

  Fabric fabric(DecisionOptions gatewayOptions) {
    Router gw = new Router("192.0.2.254", 65000, gatewayOptions);
    List<Router> nodes =
        List.of(
            new Router("192.0.2.11", 65011, DecisionOptions.DEFAULT),
            new Router("192.0.2.12", 65012, DecisionOptions.DEFAULT),
            new Router("192.0.2.13", 65013, DecisionOptions.DEFAULT));
    Router down = new Router("192.0.2.99", 65099, DecisionOptions.DEFAULT);
    nodes.forEach(n -> link(gw, n));
    link(gw, down);
    gw.speaker.start();
    down.speaker.start();
    nodes.forEach(n -> n.speaker.start());
    loop.advance(Duration.ofSeconds(2));
    return new Fabric(gw, nodes, down);
  }

  private List<Update> updatesSince(Router r, int mark) {
    List<dev.cairn.bgp.wire.BgpMessage> sent = net.sentBy(r.address);
    return sent.subList(mark, sent.size()).stream()
        .filter(m -> m instanceof Update)
        .map(m -> (Update) m)
        .toList();
  }

  private static int queued(Router from, Router to) {
    return from.speaker.neighbors().stream()
        .filter(n -> n.address().equals(to.address))
        .findFirst()
        .orElseThrow()
        .changesQueued();
  }
}
