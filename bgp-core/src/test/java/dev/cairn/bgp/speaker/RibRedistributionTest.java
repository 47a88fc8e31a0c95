package dev.cairn.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.MemoryNetwork;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.Channel;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteAttributes;
import dev.cairn.rib.Source;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Redistribution into BGP through the RIB alone: a node's RIB gets routes from Kubernetes, OSPF and
 * static channels, its BGP channel exports some of them to the speaker, and a neighbor sees them
 * with the communities the routes carry. The speaker never hears of the other protocols.
 */
class RibRedistributionTest {
  static final List<Capability> CAPS = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST));
  static final IpPrefix VIP = IpPrefix.parse("203.0.113.50/32");
  static final IpPrefix OSPF_NET = IpPrefix.parse("198.51.100.0/24");
  static final IpPrefix STATIC_NET = IpPrefix.parse("192.0.2.128/25");
  static final int COMMUNITY = 65000 << 16 | 100;
  static final int GRACEFUL_SHUTDOWN = 0xffff0000;

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);
  final IpAddress nodeAddr = IpAddress.parse("192.0.2.1");
  final IpAddress gwAddr = IpAddress.parse("192.0.2.254");
  final Rib rib = new Rib(loop, 4);
  final Channel bgp = rib.channel(Source.BGP, Channel.Import.ALL);
  final BgpSpeaker node =
      new BgpSpeaker(
          loop,
          65001,
          (Ipv4Address) nodeAddr,
          net.transport(nodeAddr),
          bgp,
          DecisionOptions.DEFAULT);
  final BgpSpeaker gw =
      new BgpSpeaker(
          loop,
          65000,
          (Ipv4Address) gwAddr,
          net.transport(gwAddr),
          new BgpSpeakerTest.Rib(),
          DecisionOptions.DEFAULT);

  void establish() {
    net.listen(nodeAddr, node::accept);
    net.listen(gwAddr, gw::accept);
    node.addNeighbor(
        new Neighbor(
            PeerConfig.of(65001, 65000, (Ipv4Address) nodeAddr, gwAddr, CAPS),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    gw.addNeighbor(
        new Neighbor(
            PeerConfig.of(65000, 65001, (Ipv4Address) gwAddr, nodeAddr, CAPS),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    node.start();
    gw.start();
    loop.advance(Duration.ofSeconds(2));
  }

  @Test
  void kubernetesCommunitiesAndOspfRoutesReachANeighborThroughTheRib() {
    establish();
    Channel k8s = rib.channel(Source.KUBERNETES, Channel.Import.ALL);
    Channel ospf = rib.channel(Source.OSPF, Channel.Import.ALL);
    Channel stat = rib.channel(Source.STATIC, Channel.Import.ALL);
    bgp.export(
        loop,
        Channel.Export.of(Set.of(Source.KUBERNETES, Source.OSPF)),
        new RibRedistribution(node));
    k8s.offer(
        Route.of(VIP, Protocol.KUBERNETES, List.of(), 0, RouteAttributes.communities(COMMUNITY)));
    ospf.offer(
        Route.of(OSPF_NET, Protocol.OSPF_EXTERNAL_2, List.of(new NextHop(null, "eth1")), 20));
    stat.offer(Route.of(STATIC_NET, Protocol.STATIC, List.of(new NextHop(null, "eth2")), 0));
    loop.advance(Duration.ofSeconds(2));
    assertThat(gw.bestRoutes().get(VIP)).contains("communities=[65000:100]");
    assertThat(gw.bestRoutes()).containsKey(OSPF_NET); // ospf -> bgp
    assertThat(gw.bestRoutes()).doesNotContainKey(STATIC_NET); // not redistributed

    // the node drains: the same route, GRACEFUL_SHUTDOWN added, goes out again
    k8s.offer(
        Route.of(
            VIP,
            Protocol.KUBERNETES,
            List.of(),
            0,
            RouteAttributes.communities(COMMUNITY, GRACEFUL_SHUTDOWN)));
    loop.advance(Duration.ofSeconds(2));
    assertThat(gw.bestRoutes().get(VIP)).contains("graceful-shutdown");

    // a reload: static in, OSPF out
    bgp.setExport(Channel.Export.of(Set.of(Source.KUBERNETES, Source.STATIC)));
    loop.advance(Duration.ofSeconds(2));
    assertThat(gw.bestRoutes()).containsKey(STATIC_NET).doesNotContainKey(OSPF_NET);
    // the route goes from the RIB: the neighbor hears the withdrawal
    k8s.withdraw(Protocol.KUBERNETES, VIP);
    loop.advance(Duration.ofSeconds(2));
    assertThat(gw.bestRoutes()).doesNotContainKey(VIP);
  }
}
