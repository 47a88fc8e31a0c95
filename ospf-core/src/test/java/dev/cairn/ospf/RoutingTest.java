package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routes that in-JVM topologies compute and offer to the RIB. */
class RoutingTest {
  static final Ipv4Address A0 = Ipv4Address.parse("0.0.0.0");
  static final Ipv4Address A1 = Ipv4Address.parse("0.0.0.1");
  static final Ipv4Address A2 = Ipv4Address.parse("0.0.0.2");

  static NextHop via(String gw, String dev) {
    return new NextHop(Ipv4Address.parse(gw), dev);
  }

  private static void loopback(Lab lab, OspfRouter r, String cidr, int area) {
    InMemorySegment lo = lab.segment(cidr);
    lab.attach(r, lo, "lo-" + cidr, 0, InterfaceSettings.broadcast(area, 1).withPassive(true));
  }

  @Test
  void twoNodesAnnouncingOneVipGiveTheGatewayAnEcmpRouteThatShrinksWhenOneStops() {
    Lab lab = new Lab();
    InMemorySegment lan = lab.segment("198.51.100.0/24");
    OspfRouter gw = lab.router("gw", "192.0.2.1");
    OspfRouter n1 = lab.router("n1", "192.0.2.11");
    OspfRouter n2 = lab.router("n2", "192.0.2.12");
    lab.attach(gw, lan, "eth0", 1, InterfaceSettings.broadcast(0, 10));
    lab.attach(n1, lan, "eth0", 11, InterfaceSettings.broadcast(0, 10));
    lab.attach(n2, lan, "eth0", 12, InterfaceSettings.broadcast(0, 10));
    loopback(lab, n1, "203.0.113.10/32", 0);
    loopback(lab, n2, "203.0.113.10/32", 0);
    gw.start();
    n1.start();
    n2.start();
    Lab.Sink rib = lab.sinks.get("gw");
    lab.await(
        Duration.ofSeconds(120),
        () -> {
          Route r = rib.get("203.0.113.10/32");
          return r != null && r.nextHops().size() == 2;
        },
        "ECMP VIP route");
    Route vip = rib.get("203.0.113.10/32");
    assertEquals(Protocol.OSPF_INTRA_AREA, vip.protocol());
    assertEquals(11, vip.metric());
    assertEquals(
        List.of(via("198.51.100.11", "eth0"), via("198.51.100.12", "eth0")), vip.nextHops());
    // the LAN itself is directly attached
    assertEquals(List.of(new NextHop(null, "eth0")), rib.get("198.51.100.0/24").nextHops());

    // n2 stops without flushing (crash): the route drops to one next hop after the dead interval
    crash(lab, n2);
    lab.await(
        Duration.ofSeconds(60),
        () -> rib.get("203.0.113.10/32").nextHops().size() == 1,
        "one next hop");
    assertEquals(List.of(via("198.51.100.11", "eth0")), rib.get("203.0.113.10/32").nextHops());
    // n1 shuts down cleanly (flushes its LSAs): the VIP route disappears
    n1.shutdown();
    lab.await(Duration.ofSeconds(60), () -> rib.get("203.0.113.10/32") == null, "no VIP route");
  }

  /** Stops a router's interfaces without flushing anything, as if the process died. */
  private static void crash(Lab lab, OspfRouter r) {
    for (OspfInterface i : r.interfaces) {
      i.transport.setReceiver(null);
    }
    r.interfaces.forEach(i -> i.down());
  }

  @Test
  void abrSummarizesBetweenAreasWithCorrectCostsAndAStubAreaGetsADefault() {
    Lab lab = new Lab();
    OspfRouter r0 = lab.router("r0", "192.0.2.10");
    OspfRouter abr = lab.router("abr", "192.0.2.1");
    OspfRouter r1 = lab.router("r1", "192.0.2.11", "custom");
    OspfRouter r2 = lab.router("r2", "192.0.2.12", "custom");
    abr.addArea(A1, false, 0);
    abr.addArea(A2, true, 5);
    r1.addArea(A1, false, 0);
    r2.addArea(A2, true, 0);
    InMemorySegment l0 = lab.segment("203.0.113.0/30");
    InMemorySegment l1 = lab.segment("203.0.113.4/30");
    InMemorySegment l2 = lab.segment("203.0.113.8/30");
    lab.attach(r0, l0, "p0", 1, InterfaceSettings.pointToPoint(0, 10));
    lab.attach(abr, l0, "p0", 2, InterfaceSettings.pointToPoint(0, 10));
    lab.attach(abr, l1, "p1", 1, InterfaceSettings.pointToPoint(1, 20));
    lab.attach(r1, l1, "p1", 2, InterfaceSettings.pointToPoint(1, 20));
    lab.attach(abr, l2, "p2", 1, InterfaceSettings.pointToPoint(2, 30));
    lab.attach(r2, l2, "p2", 2, InterfaceSettings.pointToPoint(2, 30));
    loopback(lab, r0, "198.51.100.0/28", 0);
    loopback(lab, r1, "198.51.100.16/28", 1);
    loopback(lab, r2, "198.51.100.32/28", 2);
    for (OspfRouter r : List.of(r0, abr, r1, r2)) {
      r.start();
    }
    r0.originateExternal(Ipv4Prefix.of(Ipv4.parse("192.0.2.128"), 25), true, 100, null, 0);
    Lab.Sink s0 = lab.sinks.get("r0");
    Lab.Sink s1 = lab.sinks.get("r1");
    Lab.Sink s2 = lab.sinks.get("r2");
    lab.await(
        Duration.ofSeconds(180),
        () ->
            s0.get("198.51.100.16/28") != null
                && s1.get("198.51.100.0/28") != null
                && s1.get("192.0.2.128/25") != null
                && s2.get("0.0.0.0/0") != null
                && s0.get("198.51.100.32/28") != null,
        "inter-area routes");
    Route toR1 = s0.get("198.51.100.16/28");
    assertEquals(Protocol.OSPF_INTER_AREA, toR1.protocol());
    assertEquals(10 + 20 + 1, toR1.metric());
    assertEquals(List.of(via("203.0.113.2", "p0")), toR1.nextHops());
    Route toR0 = s1.get("198.51.100.0/28");
    assertEquals(Protocol.OSPF_INTER_AREA, toR0.protocol());
    assertEquals(20 + 10 + 1, toR0.metric());
    assertEquals(10 + 30 + 1, s0.get("198.51.100.32/28").metric());
    // external via the type-4 summary in area 1 (E2 metric 100)
    Route ext = s1.get("192.0.2.128/25");
    assertEquals(Protocol.OSPF_EXTERNAL_2, ext.protocol());
    assertEquals(100, ext.metric());
    assertEquals(List.of(via("203.0.113.5", "p1")), ext.nextHops());
    // the stub area: a default from the ABR (cost 30 + 5), no AS-external LSAs or routes
    Route def = s2.get("0.0.0.0/0");
    assertEquals(Protocol.OSPF_INTER_AREA, def.protocol());
    assertEquals(35, def.metric());
    assertNull(s2.get("192.0.2.128/25"));
    assertEquals(0, r2.lsdbCount(null, 5));
    assertNotNull(s2.get("198.51.100.0/28")); // type-3 summaries still enter the stub area

    // withdrawing the external flushes it everywhere
    r0.withdrawExternal(Ipv4Prefix.of(Ipv4.parse("192.0.2.128"), 25));
    lab.await(Duration.ofSeconds(30), () -> s1.get("192.0.2.128/25") == null, "external gone");
  }
}
