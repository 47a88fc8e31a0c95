package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaBody;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import dev.cairn.ospf.wire.LsaType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LS sequence number wrap (RFC 2328 12.1.6) and the reserved sequence number 0x80000000, on two
 * routers over an in-memory link on virtual time. A router's LSA is brought to a high sequence
 * number the way it happens in a network: its neighbor still holds an instance from the router's
 * previous life, and 13.4 makes the router out-do it.
 */
class SequenceWrapTest {
  static final Ipv4Address BACKBONE = Ipv4Address.parse("0.0.0.0");
  static final String A = "192.0.2.1";
  static final String B = "192.0.2.2";

  Lab lab = new Lab();
  OspfRouter a = lab.router("a", A);
  OspfRouter b = lab.router("b", B);

  SequenceWrapTest() {
    InMemorySegment link = lab.segment("203.0.113.0/30");
    lab.attach(a, link, "p0", 1, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(b, link, "p0", 2, InterfaceSettings.pointToPoint(0, 5));
  }

  /** Puts into b's backbone LSDB an instance of a's router-LSA (a stub link) at {@code seq}. */
  void staleRouterLsaOfAInB(int seq) {
    int rid = Ipv4.parse(A);
    RouterLsa body =
        new RouterLsa(
            0, List.of(new LsaBody.RouterLink(Ipv4.parse("198.51.100.0"), 0xffffff00, 3, 1)));
    b.areas.get(0).lsdb.put(Lsa.build(0, 0x02, rid, rid, seq, body), lab.loop.nanoTime());
  }

  static LsaHeader routerLsa(OspfRouter in, String of) {
    return AgingTest.routerLsa(in, of).orElse(null);
  }

  /**
   * With the adjacency Full and quiet, b floods a's current router-LSA as if it had seen it at
   * {@code seq}: a out-does it (13.4) and its LSA stands at {@code seq + 1}.
   */
  void pushAsLsaTo(int seq) {
    lab.run(Duration.ofSeconds(10));
    AreaState area = b.areas.get(0);
    int rid = Ipv4.parse(A);
    Lsa cur = area.lsdb.get(new LsaKey(LsaType.ROUTER, rid, rid)).lsa();
    Lsa l = Lsa.build(0, cur.header().options(), rid, rid, seq, cur.body());
    b.install(area, l);
    b.flooding.flood(area, l, null);
  }

  void startAndAwaitFull() {
    a.start();
    b.start();
    lab.await(
        Duration.ofSeconds(60),
        () -> AdjacencyTest.allFull(a, 1) && AdjacencyTest.allFull(b, 1),
        "Full");
  }

  /** b holds a's router-LSA at {@code seq}, young, with the same content a has. */
  boolean bHoldsAsCurrentLsaAt(int seq) {
    LsaHeader inB = routerLsa(b, A);
    LsaHeader inA = routerLsa(a, A);
    return inB != null
        && inA != null
        && inB.seq() == seq
        && inA.seq() == seq
        && inB.age() < LsaHeader.MAX_AGE
        && inB.checksum() == inA.checksum();
  }

  @Test
  void aChangeAtMaxSequenceNumberFlushesAndReoriginatesAtInitialSequenceNumber() {
    startAndAwaitFull();
    pushAsLsaTo(LsaHeader.MAX_SEQ - 1);
    lab.await(Duration.ofSeconds(30), () -> bHoldsAsCurrentLsaAt(LsaHeader.MAX_SEQ), "a at MaxSeq");
    lab.run(Duration.ofSeconds(10));
    assertTrue(bHoldsAsCurrentLsaAt(LsaHeader.MAX_SEQ));

    // a becomes an ASBR: its router-LSA changes (E bit) and the next instance must wrap
    a.originateExternal(Ipv4Prefix.of(Ipv4.parse("198.51.100.0"), 25), true, 20, null, 0);
    lab.await(
        Duration.ofSeconds(60),
        () -> bHoldsAsCurrentLsaAt(LsaHeader.INITIAL_SEQ),
        "b holds a's LSA at InitialSequenceNumber\n" + routerLsa(b, A));
    Lsa inB = b.areas.get(0).lsdb.get(new LsaKey(1, Ipv4.parse(A), Ipv4.parse(A))).lsa();
    assertTrue(
        (((RouterLsa) inB.body()).flags() & RouterLsa.FLAG_E) != 0, "E bit of " + inB.header());
    // and the routes through it follow: b reaches a's external through a
    lab.await(
        Duration.ofSeconds(30), () -> lab.sinks.get("b").get("198.51.100.0/25") != null, "route");
  }

  @Test
  void aRefreshAtMaxSequenceNumberWraps() {
    startAndAwaitFull();
    pushAsLsaTo(LsaHeader.MAX_SEQ - 1);
    lab.await(Duration.ofSeconds(30), () -> bHoldsAsCurrentLsaAt(LsaHeader.MAX_SEQ), "a at MaxSeq");
    lab.run(Duration.ofSeconds(10));
    assertTrue(bHoldsAsCurrentLsaAt(LsaHeader.MAX_SEQ));
    // LSRefreshTime later the unchanged LSA is originated again: after the flush, at 0x80000001
    lab.run(Duration.ofSeconds(OspfRouter.LS_REFRESH_TIME));
    lab.await(
        Duration.ofSeconds(60),
        () -> bHoldsAsCurrentLsaAt(LsaHeader.INITIAL_SEQ),
        "refreshed at InitialSequenceNumber\n" + routerLsa(b, A));
    assertTrue(routerLsa(b, A).age() < 120, "age " + routerLsa(b, A));
  }

  @Test
  void receivingOwnLsaAtMaxSequenceNumberWraps() {
    // 13.4 with the received instance at MaxSequenceNumber itself: seq + 1 is not an option
    staleRouterLsaOfAInB(LsaHeader.MAX_SEQ);
    startAndAwaitFull();
    lab.await(
        Duration.ofSeconds(60),
        () -> {
          LsaHeader h = routerLsa(b, A);
          return h != null
              && h.seq() < 0
              && h.seq() - LsaHeader.INITIAL_SEQ < 5
              && bHoldsAsCurrentLsaAt(h.seq());
        },
        "a's LSA wrapped in b\n" + routerLsa(b, A));
    // the stale stub (198.51.100.0/24) is gone from b's routes, a's link is there
    lab.await(
        Duration.ofSeconds(30),
        () ->
            lab.sinks.get("b").get("198.51.100.0/24") == null
                && lab.sinks.get("b").get("203.0.113.0/30") != null,
        "b's routes from a's current LSA");
  }

  @Test
  void receivingOwnLsaAtMaxSequenceNumberAfterFullWraps() {
    startAndAwaitFull();
    pushAsLsaTo(LsaHeader.MAX_SEQ);
    lab.await(
        Duration.ofSeconds(60),
        () -> bHoldsAsCurrentLsaAt(LsaHeader.INITIAL_SEQ),
        "a's LSA at InitialSequenceNumber in b\n" + routerLsa(b, A));
    lab.await(
        Duration.ofSeconds(30), () -> lab.sinks.get("b").get("203.0.113.0/30") != null, "route");
  }

  @Test
  void lsasWithTheReservedSequenceNumberAreIgnored() {
    int c = Ipv4.parse("192.0.2.9");
    LsaBody.ExternalLsa ext = new LsaBody.ExternalLsa(0xffffff00, true, 20, 0, 0);
    // one in b's database before the exchange (a must not request it) ...
    Lsa beforeReserved = Lsa.build(0, 0x02, Ipv4.parse("198.51.100.0"), c, 0x80000000, ext);
    Lsa beforeOk = Lsa.build(0, 0x02, Ipv4.parse("203.0.113.128"), c, 0x80000001, ext);
    b.external.put(beforeReserved, lab.loop.nanoTime());
    b.external.put(beforeOk, lab.loop.nanoTime());
    startAndAwaitFull();
    lab.await(Duration.ofSeconds(30), () -> a.lsdbCount(null, 5) == 1, "a holds the good one");
    // ... and one flooded to a after the adjacency is Full
    Lsa floodedReserved = Lsa.build(0, 0x02, Ipv4.parse("198.51.100.128"), c, 0x80000000, ext);
    Lsa floodedOk = Lsa.build(0, 0x02, Ipv4.parse("203.0.113.64"), c, 0x80000001, ext);
    AreaState area = b.areas.get(0);
    for (Lsa l : List.of(floodedReserved, floodedOk)) {
      b.install(area, l);
      b.flooding.flood(area, l, null);
    }
    lab.await(Duration.ofSeconds(30), () -> a.lsdbCount(null, 5) == 2, "a holds both good ones");
    lab.run(Duration.ofSeconds(20));
    List<LsaHeader> ext5 = a.lsdbHeaders(null);
    assertEquals(2, ext5.size(), ext5.toString());
    for (LsaHeader h : ext5) {
      assertEquals(0x80000001, h.seq());
    }
    assertNotNull(a.external.get(floodedOk.key()));
    assertFalse(a.external.get(floodedReserved.key()) != null);
    assertTrue(AdjacencyTest.allFull(a, 1));
  }
}
