package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.Authentication;
import dev.cairn.ospf.wire.Authentication.Key;
import dev.cairn.ospf.wire.Authentication.Type;
import dev.cairn.ospf.wire.LsaHeader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adjacencies over in-memory segments on virtual time. */
class AdjacencyTest {
  static final Ipv4Address BACKBONE = Ipv4Address.parse("0.0.0.0");

  static boolean allFull(OspfRouter r, int expected) {
    return r.neighbors().stream().filter(n -> n.state() == NeighborState.FULL).count() == expected;
  }

  static InterfaceInfo iface(OspfRouter r) {
    return r.interfaceInfos().get(0);
  }

  @Test
  void threeRoutersOnABroadcastSegmentElectDrAndBdrAndReElectWhenTheDrDies() {
    Lab lab = new Lab();
    InMemorySegment seg = lab.segment("198.51.100.0/24");
    OspfRouter r1 = lab.router("r1", "192.0.2.1");
    OspfRouter r2 = lab.router("r2", "192.0.2.2");
    OspfRouter r3 = lab.router("r3", "192.0.2.3");
    lab.attach(r1, seg, "eth0", 1, InterfaceSettings.broadcast(0, 10));
    lab.attach(r2, seg, "eth0", 2, InterfaceSettings.broadcast(0, 10));
    lab.attach(r3, seg, "eth0", 3, InterfaceSettings.broadcast(0, 10).withPriority(0));
    r1.start();
    r2.start();
    r3.start();
    lab.await(Duration.ofSeconds(120), () -> allFull(r3, 2) && allFull(r2, 2), "Full");
    // highest eligible router id is DR, the other BDR; priority 0 never elected
    Ipv4Address dr = Ipv4Address.parse("198.51.100.2");
    Ipv4Address bdr = Ipv4Address.parse("198.51.100.1");
    for (OspfRouter r : List.of(r1, r2, r3)) {
      assertEquals(dr, iface(r).designatedRouter(), r.routerId() + "\n" + lab.tail());
      assertEquals(bdr, iface(r).backupDesignatedRouter());
    }
    assertEquals(InterfaceState.DR, iface(r2).state());
    assertEquals(InterfaceState.BACKUP, iface(r1).state());
    assertEquals(InterfaceState.DR_OTHER, iface(r3).state());
    // r1 (BDR) and r3 have the DR's network-LSA and every router-LSA: LSDBs agree
    lab.run(Duration.ofSeconds(10));
    assertSameLsdb(r1, r2);
    assertSameLsdb(r1, r3);
    assertEquals(1, r1.lsdbCount(BACKBONE, 2));
    assertEquals(3, r1.lsdbCount(BACKBONE, 1));

    // the DR dies: after the dead interval the BDR takes over, r3 (priority 0) stays DROther
    r2.shutdown();
    lab.await(
        Duration.ofSeconds(60),
        () ->
            iface(r1).state() == InterfaceState.DR
                && allFull(r3, 1)
                && iface(r3).backupDesignatedRouter().bits() == 0,
        "r1 DR after r2 died");
    assertEquals(Ipv4Address.parse("198.51.100.1"), iface(r3).designatedRouter());
    assertEquals(Ipv4Address.parse("0.0.0.0"), iface(r3).backupDesignatedRouter());
  }

  @Test
  void pointToPointAdjacency() {
    Lab lab = new Lab();
    InMemorySegment link = lab.segment("203.0.113.0/30");
    OspfRouter a = lab.router("a", "192.0.2.1");
    OspfRouter b = lab.router("b", "192.0.2.2");
    lab.attach(a, link, "p0", 1, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(b, link, "p0", 2, InterfaceSettings.pointToPoint(0, 5));
    a.start();
    b.start();
    lab.await(Duration.ofSeconds(60), () -> allFull(a, 1) && allFull(b, 1), "p2p Full");
    assertEquals(InterfaceState.POINT_TO_POINT, iface(a).state());
    lab.run(Duration.ofSeconds(5));
    assertSameLsdb(a, b);
    assertEquals(2, a.lsdbCount(BACKBONE, 1));

    // the link monitor reports b's interface down: a loses the adjacency within the dead
    // interval and b's router-LSA no longer lists the link; up again: Full again
    b.setInterfaceUp("p0", false);
    lab.await(Duration.ofSeconds(45), () -> a.neighbors().isEmpty(), "neighbor gone");
    assertEquals(InterfaceState.DOWN, iface(b).state());
    b.setInterfaceUp("p0", true);
    lab.await(Duration.ofSeconds(60), () -> allFull(a, 1) && allFull(b, 1), "Full again");
  }

  @Test
  void md5AndHmacSha256AdjacenciesFormAndAWrongKeyKeepsThemDown() {
    Authentication md5 = Authentication.md5(Key.of(1, "one"), Key.of(2, "two"));
    // the other end lists the keys the other way round: it sends with key 1, we with key 2
    Authentication md5Reversed = Authentication.md5(Key.of(2, "two"), Key.of(1, "one"));
    Authentication md5Old = Authentication.md5(Key.of(1, "one"));
    Authentication sha = Authentication.hmac(Type.HMAC_SHA_256, Key.of(3, "secret"));
    assertTrue(adjacencyWith(md5, md5Reversed), "MD5 with rollover: newest key sent, any accepted");
    assertTrue(adjacencyWith(sha, sha), "HMAC-SHA-256");
    assertTrue(!adjacencyWith(sha, Authentication.hmac(Type.HMAC_SHA_256, Key.of(3, "wrong"))));
    assertTrue(!adjacencyWith(md5Old, Authentication.md5(Key.of(1, "wrong"))));
    assertTrue(!adjacencyWith(md5Old, Authentication.NULL));
  }

  private static boolean adjacencyWith(Authentication x, Authentication y) {
    Lab lab = new Lab();
    InMemorySegment seg = lab.segment("198.51.100.0/24");
    OspfRouter a = lab.router("a", "192.0.2.1");
    OspfRouter b = lab.router("b", "192.0.2.2");
    lab.attach(a, seg, "eth0", 1, InterfaceSettings.broadcast(0, 10).withAuth(x));
    lab.attach(b, seg, "eth0", 2, InterfaceSettings.broadcast(0, 10).withAuth(y));
    a.start();
    b.start();
    lab.run(Duration.ofSeconds(90));
    boolean up = allFull(a, 1) && allFull(b, 1);
    if (!up) {
      assertTrue(iface(a).droppedPackets() + iface(b).droppedPackets() > 0);
    }
    return up;
  }

  static void assertSameLsdb(OspfRouter x, OspfRouter y) {
    assertEquals(strip(x.lsdbHeaders(BACKBONE)), strip(y.lsdbHeaders(BACKBONE)));
  }

  static List<String> strip(List<LsaHeader> hs) {
    return hs.stream().map(h -> h.key() + " seq " + h.seq() + " ck " + h.checksum()).toList();
  }
}
