package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.wire.Authentication;
import dev.cairn.ospf.wire.Authentication.Key;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of an OSPF instance: what stays up, what restarts, on virtual time. */
class ReconfigurationTest {
  static final Ipv4Address BACKBONE = Ipv4Address.parse("0.0.0.0");
  static final Ipv4Address AREA1 = Ipv4Address.parse("0.0.0.1");

  final Lab lab = new Lab();
  final InMemorySegment link = lab.segment("198.51.100.0/24");
  final InMemorySegment stubX = lab.segment("203.0.113.0/25");
  final InMemorySegment stubY = lab.segment("203.0.113.128/25");
  final Map<String, OspfTransport> tx = new HashMap<>();
  final Map<String, OspfTransport> ty = new HashMap<>();
  final Lab.Sink sx = new Lab.Sink();
  final Lab.Sink sy = new Lab.Sink();
  OspfInstance x;
  OspfInstance y;

  ReconfigurationTest() {
    tx.put("eth0", link.attach("eth0", 1, lab.loop));
    ty.put("eth0", link.attach("eth0", 2, lab.loop));
    tx.put("eth1", stubX.attach("eth1", 1, lab.loop));
    ty.put("eth1", stubY.attach("eth1", 1, lab.loop));
  }

  static Authentication md5(int... ids) {
    Key[] keys = new Key[ids.length];
    for (int i = 0; i < ids.length; i++) {
      keys[i] = Key.of(ids[i], "secret-" + ids[i]);
    }
    return Authentication.md5(keys);
  }

  static InterfaceSettings eth0(int cost, Authentication auth) {
    return InterfaceSettings.broadcast(0, cost).withAuth(auth);
  }

  static InterfaceSettings passive(int area, int cost) {
    return InterfaceSettings.broadcast(area, cost).withPassive(true);
  }

  static InterfaceSettings intervals(InterfaceSettings s, int hello, int dead) {
    return new InterfaceSettings(
        s.areaId(), s.cost(), hello, dead, s.priority(), s.pointToPoint(), s.passive(), s.auth());
  }

  static OspfSettings settings(String rid, AreaSettings... areas) {
    return new OspfSettings(Ipv4Address.parse(rid), List.of(areas), 100_000);
  }

  static AreaSettings backbone(Object... nameSettings) {
    return area(BACKBONE, false, nameSettings);
  }

  static AreaSettings area(Ipv4Address id, boolean stub, Object... nameSettings) {
    Map<String, InterfaceSettings> m = new LinkedHashMap<>();
    for (int i = 0; i < nameSettings.length; i += 2) {
      m.put((String) nameSettings[i], (InterfaceSettings) nameSettings[i + 1]);
    }
    return new AreaSettings(id, stub, m);
  }

  void start(OspfSettings sx0, OspfSettings sy0) {
    x = OspfInstance.create(sx0, (n, p2p) -> open(tx, n), lab.loop, sx, s -> {});
    y = OspfInstance.create(sy0, (n, p2p) -> open(ty, n), lab.loop, sy, s -> {});
    x.start();
    y.start();
    lab.await(Duration.ofSeconds(120), this::full, "Full");
  }

  static OspfTransport open(Map<String, OspfTransport> ts, String name) {
    OspfTransport t = ts.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no interface " + name);
    }
    return t;
  }

  boolean full() {
    return fullCount(x) == 1 && fullCount(y) == 1;
  }

  long fullCount(OspfInstance i) {
    return get(i.neighbors()).stream().filter(n -> n.state() == NeighborState.FULL).count();
  }

  <T> T get(java.util.concurrent.CompletableFuture<T> f) {
    lab.loop.runPending();
    return f.join();
  }

  void apply(OspfInstance i, OspfSettings next) {
    get(i.reconfigure(next));
  }

  /** Advances time until {@code cond}, checking at every second that x and y stay Full. */
  void awaitStayingFull(Duration max, BooleanSupplier cond, String what) {
    lab.await(
        max,
        () -> {
          assertTrue(full(), "the adjacency left Full while waiting for " + what);
          return cond.getAsBoolean();
        },
        what);
  }

  /** Time passes (past every dead interval) with the adjacency Full all along. */
  void staysFull(Duration d) {
    long end = lab.loop.elapsed().plus(d).toSeconds();
    awaitStayingFull(d.plusSeconds(5), () -> lab.loop.elapsed().toSeconds() >= end, "time");
  }

  Long metric(Lab.Sink s, String prefix) {
    return s.get(prefix) == null ? null : s.get(prefix).metric();
  }

  @Test
  void aCostChangeReoriginatesTheRouterLsaAndKeepsTheAdjacency() {
    start(
        settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)), "eth1", passive(0, 1))),
        settings("192.0.2.2", backbone("eth0", eth0(10, md5(1)), "eth1", passive(0, 1))));
    lab.await(Duration.ofSeconds(60), () -> metric(sx, "203.0.113.128/25") != null, "route");
    assertEquals(11L, metric(sx, "203.0.113.128/25"));
    assertEquals(11L, metric(sy, "203.0.113.0/25"));
    // x's link cost rises: x's own router-LSA carries it (x's path to y's stub), y's stub cost
    // rises: y's router-LSA, flooded to x, carries it
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(30, md5(1)), "eth1", passive(0, 1))));
    apply(y, settings("192.0.2.2", backbone("eth0", eth0(10, md5(1)), "eth1", passive(0, 5))));
    awaitStayingFull(
        Duration.ofSeconds(30),
        () -> Long.valueOf(35).equals(metric(sx, "203.0.113.128/25")),
        "x's new metric");
    assertEquals(11L, metric(sy, "203.0.113.0/25"));
    assertEquals(30, get(x.interfaces()).get(0).cost());
    staysFull(Duration.ofSeconds(60));
  }

  @Test
  void anAuthenticationKeyRollsOverWithoutDroppingTheAdjacency() {
    start(
        settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)))),
        settings("192.0.2.2", backbone("eth0", eth0(10, md5(1)))));
    // key 2 accepted on y first (y still sends with 1, the last listed), then sent by x, then y
    apply(y, settings("192.0.2.2", backbone("eth0", eth0(10, md5(2, 1)))));
    staysFull(Duration.ofSeconds(15));
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(10, md5(1, 2)))));
    staysFull(Duration.ofSeconds(15));
    apply(y, settings("192.0.2.2", backbone("eth0", eth0(10, md5(1, 2)))));
    staysFull(Duration.ofSeconds(15));
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(10, md5(2)))));
    apply(y, settings("192.0.2.2", backbone("eth0", eth0(10, md5(2)))));
    staysFull(Duration.ofSeconds(120));
    // and the keys do apply live: x alone on key 3 loses y after the dead interval
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(10, md5(3)))));
    lab.await(Duration.ofSeconds(60), () -> fullCount(x) == 0, "x loses y");
  }

  @Test
  void helloAndDeadIntervalsChangedOnBothSidesWithinTheDeadIntervalKeepFull() {
    InterfaceSettings e = eth0(10, md5(1));
    start(settings("192.0.2.1", backbone("eth0", e)), settings("192.0.2.2", backbone("eth0", e)));
    apply(x, settings("192.0.2.1", backbone("eth0", intervals(e, 2, 8))));
    staysFull(Duration.ofSeconds(20)); // y's dead interval (40 s) has not run out
    apply(y, settings("192.0.2.2", backbone("eth0", intervals(e, 2, 8))));
    staysFull(Duration.ofSeconds(60));
    // the new intervals are in force: x back to 10/40 alone loses y within y's 8 s
    apply(x, settings("192.0.2.1", backbone("eth0", e)));
    lab.await(Duration.ofSeconds(20), () -> fullCount(y) == 0, "y loses x");
  }

  @Test
  void anInterfaceAddedOrRemovedLeavesTheOthersAlone() {
    start(
        settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)))),
        settings("192.0.2.2", backbone("eth0", eth0(10, md5(1)))));
    assertNull(sy.get("203.0.113.0/25"));
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)), "eth1", passive(0, 3))));
    awaitStayingFull(
        Duration.ofSeconds(30), () -> sy.get("203.0.113.0/25") != null, "the new stub at y");
    assertEquals(13L, metric(sy, "203.0.113.0/25"));
    assertEquals(2, get(x.interfaces()).size());
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)))));
    awaitStayingFull(Duration.ofSeconds(30), () -> sy.get("203.0.113.0/25") == null, "gone at y");
    assertEquals(1, get(x.interfaces()).size());
  }

  @Test
  void anAreaAddedMakesAnAbrAndRemovedTakesItsRoutesAway() {
    start(
        settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)))),
        settings("192.0.2.2", backbone("eth0", eth0(10, md5(1)))));
    apply(
        x,
        settings(
            "192.0.2.1",
            backbone("eth0", eth0(10, md5(1))),
            area(AREA1, false, "eth1", passive(1, 4))));
    awaitStayingFull(
        Duration.ofSeconds(30), () -> sy.get("203.0.113.0/25") != null, "a summary at y");
    assertEquals(14L, metric(sy, "203.0.113.0/25"));
    assertEquals(1, get(x.lsdbCount(AREA1, 1)));
    // the area turns stub: a restart of that area only
    apply(
        x,
        settings(
            "192.0.2.1",
            backbone("eth0", eth0(10, md5(1))),
            area(AREA1, true, "eth1", passive(1, 4))));
    staysFull(Duration.ofSeconds(10));
    assertNotNull(sy.get("203.0.113.0/25"));
    apply(x, settings("192.0.2.1", backbone("eth0", eth0(10, md5(1)))));
    awaitStayingFull(Duration.ofSeconds(30), () -> sy.get("203.0.113.0/25") == null, "withdrawn");
    assertThrows(RuntimeException.class, () -> get(x.lsdbCount(AREA1, 1)));
  }

  @Test
  void aNewRouterIdIsANewInstanceAndAFailedOpenChangesNothing() {
    OspfSettings s = settings("192.0.2.1", backbone("eth0", eth0(10, md5(1))));
    start(s, settings("192.0.2.2", backbone("eth0", eth0(10, md5(1)))));
    OspfSettings otherId = settings("192.0.2.9", backbone("eth0", eth0(10, md5(1))));
    assertTrue(Reconfiguration.between(s, otherId).restartsInstance());
    assertThrows(IllegalArgumentException.class, () -> x.reconfigure(otherId));
    // eth9 has no transport: the factory throws, nothing is applied
    OspfSettings withEth9 =
        settings("192.0.2.1", backbone("eth0", eth0(50, md5(1)), "eth9", passive(0, 1)));
    assertThrows(IllegalArgumentException.class, () -> x.reconfigure(withEth9));
    assertEquals(s, x.settings());
    assertEquals(10, get(x.interfaces()).get(0).cost());
  }

  @Test
  void thePlanSaysPerParameterWhatRestarts() {
    InterfaceSettings e = eth0(10, md5(1));
    OspfSettings from = settings("192.0.2.1", backbone("eth0", e, "eth1", passive(0, 1)));
    Map<InterfaceSettings, Boolean> restarts = new LinkedHashMap<>();
    restarts.put(eth0(20, md5(1)), false); // cost
    restarts.put(eth0(10, md5(1, 2)), false); // a key added
    restarts.put(intervals(e, 5, 20), false); // timers
    restarts.put(e.withPriority(0), false); // priority
    restarts.put(eth0(10, Authentication.NULL), false); // the type: neighbors must follow
    restarts.put(e.withPassive(true), true);
    restarts.put(
        new InterfaceSettings(0, 10, 10, 40, 1, true, false, md5(1)), true); // network type
    for (Map.Entry<InterfaceSettings, Boolean> c : restarts.entrySet()) {
      OspfSettings to = settings("192.0.2.1", backbone("eth0", c.getKey(), "eth1", passive(0, 1)));
      List<Reconfiguration.Change> changes = Reconfiguration.between(from, to).changes();
      assertEquals(1, changes.size(), changes.toString());
      assertEquals("interface eth0", changes.get(0).scope());
      assertEquals(c.getValue(), changes.get(0).restart(), changes.toString());
    }
    assertTrue(Reconfiguration.between(from, from).changes().isEmpty());
    OspfSettings moved =
        settings("192.0.2.1", backbone("eth0", e), area(AREA1, false, "eth1", passive(1, 1)));
    Reconfiguration r = Reconfiguration.between(from, moved);
    assertFalse(r.restartsInstance());
    assertEquals(List.of("area 0.0.0.1"), r.changes().stream().map(c -> c.scope()).toList());
    assertEquals(Map.of("eth1", passive(1, 1)), r.interfacesToOpen());
  }
}
