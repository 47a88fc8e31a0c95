package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.MemoryNetwork;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.transport.TtlPolicy;
import dev.cairn.bgp.wire.Open;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.event.EventLoop;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Channel;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import dev.cairn.rib.Source;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The BGP component against real speakers in one JVM (in-memory network, virtual time): a reload's
 * plan is what the speaker then does, for the route-reflector-client toggle (a re-advertisement, no
 * reset) and for passive (it reaches the session), and start-up adds neighbors on the BGP loop.
 */
class BgpComponentTest {
  static final IpPrefix P1 = IpPrefix.parse("198.51.100.0/24");

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);

  static BgpComponent.Wire memory(MemoryNetwork net, String self) {
    IpAddress a = IpAddress.parse(self);
    Transport t = net.transport(a);
    return new BgpComponent.Wire() {
      @Override
      public Transport transport() {
        return t;
      }

      @Override
      public void password(IpAddress neighbor, String password) {}

      @Override
      public void ttl(IpAddress neighbor, TtlPolicy ttl) {}

      @Override
      public void listen(IpAddress address, Consumer<Connection> acceptor) {
        net.listen(a, acceptor);
      }

      @Override
      public void close() {}
    };
  }

  static CairnConfig config(String routerId, String bgp) throws Exception {
    return ConfigLoader.parse(
        "router-id: " + routerId + "\nkernel: { enabled: false }\nbgp:\n" + bgp, "t.yaml");
  }

  BgpComponent router(EventLoop on, MemoryNetwork network, CairnConfig c) throws Exception {
    Rib rib = new Rib(on, 16);
    // the neighbors' addresses are on a connected network: their next hops resolve
    rib.channel(Source.CONNECTED, Channel.Import.ALL)
        .offer(
            Route.of(
                IpPrefix.parse("192.0.2.0/24"),
                Protocol.CONNECTED,
                List.of(new NextHop(null, "eth0")),
                0));
    BgpComponent b =
        new BgpComponent(
            on,
            memory(network, c.routerId().toString()),
            rib,
            new BgpComponent.Section(c.routerId(), c.bgp(), c.policies()));
    b.start(b.section(c));
    return b;
  }

  static final String RR =
      """
        asn: 65000
        neighbors:
          - { address: 192.0.2.101, asn: 65000 %s}
          - { address: 192.0.2.103, asn: 65000 %s}
      """;

  static String rr(String c1, String plain) {
    return RR.formatted(c1, plain);
  }

  static String client(String peerOptions, String announce) {
    return """
          asn: 65000
          announce: [%s]
          neighbors:
            - { address: 192.0.2.100, asn: 65000 %s}
        """
        .formatted(announce, peerOptions);
  }

  long opensFrom(String address) {
    return net.sentBy(IpAddress.parse(address)).stream().filter(m -> m instanceof Open).count();
  }

  @Test
  void becomingAReflectorClientIsAReAdvertisementWithoutAReset() throws Exception {
    CairnConfig before = config("192.0.2.100", rr("", ""));
    BgpComponent rr = router(loop, net, before);
    router(loop, net, config("192.0.2.101", client("", P1.toString())));
    BgpComponent plain = router(loop, net, config("192.0.2.103", client("", "")));
    loop.advance(Duration.ofSeconds(30));
    assertThat(rr.speaker.bestRoutes()).containsKey(P1);
    assertThat(plain.speaker.bestRoutes()).as("iBGP split horizon").doesNotContainKey(P1);
    long opens = opensFrom("192.0.2.100");

    CairnConfig after = config("192.0.2.100", rr(", route-reflector-client: true", ""));
    Reconfig plan = rr.plan(rr.section(before), rr.section(after));
    assertThat(plan)
        .isEqualTo(
            new Reconfig.Soft(
                List.of(
                    "neighbor 192.0.2.101 updated in place (route-reflector-client),"
                        + " advertisements re-evaluated")));
    rr.apply(rr.section(before), rr.section(after), plan);
    loop.advance(Duration.ofSeconds(2));

    // a client's route is reflected to the non-client: as planned, without a new session
    assertThat(plain.speaker.bestRoutes().get(P1))
        .contains("originator-id=192.0.2.101")
        .contains("cluster-list=[192.0.2.100]");
    assertThat(opensFrom("192.0.2.100")).isEqualTo(opens);
    for (String n : List.of("192.0.2.101", "192.0.2.103")) {
      assertThat(rr.speaker.state(IpAddress.parse(n))).isEqualTo(SessionState.ESTABLISHED);
    }
    assertThat(rr.running()).isEqualTo(rr.section(after));

    // and back: the reflected route is withdrawn again
    rr.apply(rr.section(after), rr.section(before), rr.plan(rr.section(after), rr.section(before)));
    loop.advance(Duration.ofSeconds(2));
    assertThat(plain.speaker.bestRoutes()).doesNotContainKey(P1);
    assertThat(opensFrom("192.0.2.100")).isEqualTo(opens);
  }

  /** passive is decided "in place": the session takes it, and a waiting session now connects. */
  @Test
  void passiveTurnedOffReachesTheSessionWithoutAReset() throws Exception {
    CairnConfig before = config("192.0.2.100", rr(", passive: true", ""));
    BgpComponent rr = router(loop, net, before);
    BgpComponent c1 = router(loop, net, config("192.0.2.101", client(", passive: true", "")));
    loop.advance(Duration.ofSeconds(30));
    IpAddress c1Address = IpAddress.parse("192.0.2.101");
    assertThat(rr.speaker.state(c1Address)).isNotEqualTo(SessionState.ESTABLISHED);

    CairnConfig after = config("192.0.2.100", rr("", ""));
    Reconfig plan = rr.plan(rr.section(before), rr.section(after));
    assertThat(plan)
        .isEqualTo(new Reconfig.Soft(List.of("neighbor 192.0.2.101 updated in place (passive)")));
    rr.apply(rr.section(before), rr.section(after), plan);
    loop.advance(Duration.ofSeconds(30));
    assertThat(rr.speaker.state(c1Address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(c1.speaker.state(IpAddress.parse("192.0.2.100")))
        .isEqualTo(SessionState.ESTABLISHED);
  }

  /** A change of the speaker itself is not applied: the reload keeps the old section. */
  @Test
  void anAsNumberChangeIsRefusedAndNothingChanges() throws Exception {
    CairnConfig before = config("192.0.2.100", rr("", ""));
    BgpComponent rr = router(loop, net, before);
    CairnConfig after = config("192.0.2.100", rr("", "").replace("asn: 65000\n", "asn: 65009\n"));
    Reconfig plan = rr.plan(rr.section(before), rr.section(after));
    assertThat(plan).isInstanceOf(Reconfig.Restart.class);
    assertThatThrownBy(() -> rr.apply(rr.section(before), rr.section(after), plan))
        .hasMessageContaining("bgp.asn changed: takes a restart of cairnd");
    assertThat(rr.running()).isEqualTo(rr.section(before));
  }

  /**
   * Start-up adds the neighbors on the BGP loop (the speaker refuses addNeighbor from another
   * thread), even when the loop already runs.
   */
  @Test
  void startAddsTheNeighborsOnTheBgpLoop() throws Exception {
    ThreadEventLoop bgp = new ThreadEventLoop("bgp-test");
    try {
      MemoryNetwork threaded = new MemoryNetwork(bgp);
      BgpComponent rr = router(bgp, threaded, config("192.0.2.100", rr("", "")));
      List<BgpSpeaker.NeighborDetail> ns = Daemon.on(bgp, rr.speaker::neighbors);
      assertThat(ns)
          .extracting(n -> n.address().toString())
          .containsExactlyInAnyOrder("192.0.2.101", "192.0.2.103");
      assertThatThrownBy(() -> rr.speaker.addNeighbor(null))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      bgp.close();
    }
  }
}
