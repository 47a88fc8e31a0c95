package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.LsaHeader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The ceiling on the AS-external LSDB ({@code ospf.max-external-lsas}) on a chain a - b - c: a
 * redistributes more than b's ceiling; b takes only up to it, in the database exchange and in
 * flooding, floods no refused LSA on to c, and still takes changes and flushes of what it holds.
 */
class ExternalLimitTest {
  Lab lab = new Lab();
  OspfRouter a = lab.router("a", "192.0.2.1");
  OspfRouter b = lab.router("b", "192.0.2.2");
  OspfRouter c = lab.router("c", "192.0.2.3");

  ExternalLimitTest() {
    InMemorySegment ab = lab.segment("203.0.113.0/30");
    InMemorySegment bc = lab.segment("203.0.113.4/30");
    lab.attach(a, ab, "p0", 1, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(b, ab, "p0", 2, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(b, bc, "p1", 1, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(c, bc, "p0", 2, InterfaceSettings.pointToPoint(0, 5));
  }

  static Ipv4Prefix ext(int i) {
    return Ipv4Prefix.of(Ipv4.parse("198.51.100.0") + (i << 3), 29);
  }

  static long externalsOf(OspfRouter in, String origin) {
    int rid = Ipv4.parse(origin);
    return in.lsdbHeaders(null).stream()
        .filter(h -> h.advRouter() == rid && h.age() < LsaHeader.MAX_AGE)
        .count();
  }

  @Test
  void newExternalsBeyondTheCeilingAreRefusedAndCounted() {
    b.setMaxExternalLsas(3);
    // five externals before the adjacency: b requests three in the exchange and still gets Full
    for (int i = 0; i < 5; i++) {
      a.originateExternal(ext(i), true, 20, null, 0);
    }
    a.start();
    b.start();
    c.start();
    lab.await(
        Duration.ofSeconds(60),
        () -> AdjacencyTest.allFull(b, 2) && AdjacencyTest.allFull(c, 1),
        "Full");
    lab.run(Duration.ofSeconds(20));
    assertEquals(3, externalsOf(b, "192.0.2.1"));
    assertEquals(3, externalsOf(c, "192.0.2.1"), "nothing refused is flooded on");
    long refused = b.externalLsasRefused();
    assertTrue(refused >= 2, "refused " + refused);

    // two more flooded after Full: refused too, and acknowledged (a's lists drain)
    a.originateExternal(ext(5), true, 20, null, 0);
    a.originateExternal(ext(6), true, 20, null, 0);
    lab.run(Duration.ofSeconds(20));
    assertEquals(3, externalsOf(b, "192.0.2.1"));
    assertTrue(b.externalLsasRefused() >= refused + 2);
    assertTrue(
        a.neighbors().stream().allMatch(n -> n.retransmissionCount() == 0),
        a.neighbors().toString());

    // a change of an LSA b holds is taken (and flooded on)
    LsaHeader held = heldBy(b);
    Ipv4Prefix p = Ipv4Prefix.of(held.lsId(), 29);
    a.originateExternal(p, true, 30, null, 0);
    lab.await(
        Duration.ofSeconds(20),
        () ->
            heldSeq(c, held.lsId()) == held.seq() + 1 && heldSeq(b, held.lsId()) == held.seq() + 1,
        "the change of a held LSA");

    // a flush of a held one too; then b is below the ceiling and takes a new one
    a.withdrawExternal(p);
    lab.await(Duration.ofSeconds(60), () -> b.lsdbCount(null, 5) == 2, "the flush, removed");
    long before = b.externalLsasRefused();
    a.originateExternal(ext(7), true, 20, null, 0);
    lab.await(Duration.ofSeconds(60), () -> heldSeq(c, ext(7).bits()) != 0, "a new one below");
    assertEquals(3, externalsOf(b, "192.0.2.1"));
    assertEquals(before, b.externalLsasRefused());

    // b's own redistribution is not limited
    b.originateExternal(Ipv4Prefix.of(Ipv4.parse("203.0.113.128"), 25), true, 20, null, 0);
    lab.await(Duration.ofSeconds(20), () -> externalsOf(c, "192.0.2.2") == 1, "b's own");
    assertEquals(4, b.lsdbCount(null, 5));
    assertTrue(AdjacencyTest.allFull(b, 2));
  }

  static LsaHeader heldBy(OspfRouter r) {
    int rid = Ipv4.parse("192.0.2.1");
    return r.lsdbHeaders(null).stream().filter(h -> h.advRouter() == rid).findFirst().orElseThrow();
  }

  /** The sequence number of a's AS-external-LSA {@code lsId} in {@code r}, 0 if none. */
  static int heldSeq(OspfRouter r, int lsId) {
    int rid = Ipv4.parse("192.0.2.1");
    return r.lsdbHeaders(null).stream()
        .filter(h -> h.advRouter() == rid && h.lsId() == lsId && h.age() < LsaHeader.MAX_AGE)
        .mapToInt(LsaHeader::seq)
        .findFirst()
        .orElse(0);
  }
}
