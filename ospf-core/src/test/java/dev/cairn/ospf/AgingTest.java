package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.LsaHeader;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** LSA aging (RFC 2328 14): refresh every LSRefreshTime, MaxAge flushing, and SPF throttling. */
class AgingTest {
  static final Ipv4Address BACKBONE = Ipv4Address.parse("0.0.0.0");

  static Optional<LsaHeader> routerLsa(OspfRouter in, String of) {
    int rid = Ipv4Address.parse(of).bits();
    return in.lsdbHeaders(BACKBONE).stream()
        .filter(h -> h.type() == 1 && h.advRouter() == rid)
        .findFirst();
  }

  @Test
  void ownLsasAreRefreshedEvery30MinutesAndADeadRoutersLsasAgeOut() {
    Lab lab = new Lab();
    InMemorySegment link = lab.segment("203.0.113.0/30");
    OspfRouter a = lab.router("a", "192.0.2.1");
    OspfRouter b = lab.router("b", "192.0.2.2");
    lab.attach(a, link, "p0", 1, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(b, link, "p0", 2, InterfaceSettings.pointToPoint(0, 5));
    a.start();
    b.start();
    lab.await(
        Duration.ofSeconds(60),
        () -> AdjacencyTest.allFull(a, 1) && AdjacencyTest.allFull(b, 1),
        "Full");
    lab.run(Duration.ofSeconds(10));
    int seq = routerLsa(b, "192.0.2.1").orElseThrow().seq();
    // after LSRefreshTime a's router-LSA comes back with the next sequence number, young again
    lab.run(Duration.ofSeconds(1800));
    LsaHeader refreshed = routerLsa(b, "192.0.2.1").orElseThrow();
    assertEquals(seq + 1, refreshed.seq());
    assertTrue(refreshed.age() < 60, "age " + refreshed.age());
    // nothing reaches MaxAge while both live, for hours
    lab.run(Duration.ofSeconds(3 * 3600));
    assertTrue(routerLsa(b, "192.0.2.1").orElseThrow().age() < 1800);

    // a dies silently: b drops the adjacency, and a's LSA ages out of b's database
    link.setUp(false);
    lab.run(Duration.ofSeconds(3700));
    assertNull(routerLsa(b, "192.0.2.1").orElse(null));
  }

  @Test
  void spfThrottlingBoundsRunsWhileALinkFlaps() {
    Lab lab = new Lab();
    InMemorySegment link = lab.segment("203.0.113.0/30");
    OspfRouter a = lab.router("a", "192.0.2.1");
    OspfRouter b = lab.router("b", "192.0.2.2");
    lab.attach(a, link, "p0", 1, InterfaceSettings.pointToPoint(0, 5));
    lab.attach(b, link, "p0", 2, InterfaceSettings.pointToPoint(0, 5));
    a.start();
    b.start();
    lab.await(Duration.ofSeconds(60), () -> AdjacencyTest.allFull(a, 1), "Full");
    lab.run(Duration.ofSeconds(10));
    long before = a.spfRuns();
    // 200 external changes inside 2 s: the throttle coalesces them into a handful of runs
    for (int i = 0; i < 200; i++) {
      b.originateExternal(
          dev.cairn.net.Ipv4Prefix.of(0xc6336400 + (i << 2), 30), true, 10 + i, null, 0);
      lab.run(Duration.ofMillis(10));
    }
    lab.run(Duration.ofSeconds(10));
    long runs = a.spfRuns() - before;
    assertTrue(runs >= 1 && runs <= 10, "SPF runs " + runs);
    assertEquals(200, a.lsdbCount(null, 5));
  }
}
