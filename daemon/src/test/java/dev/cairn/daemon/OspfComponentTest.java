package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.config.OspfConfig;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.OspfComponent;
import dev.cairn.daemon.component.OspfComponent.Section;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.InterfaceInfo;
import dev.cairn.ospf.NeighborInfo;
import dev.cairn.ospf.NeighborState;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.rib.Rib;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The OSPF component over in-memory segments on virtual time: what a reload changes in place (the
 * adjacency stays Full), what it restarts, and that a failed apply leaves the running section.
 */
class OspfComponentTest {
  final VirtualEventLoop loop = new VirtualEventLoop();
  final InMemorySegment link = new InMemorySegment(Ipv4.parse("198.51.100.0"), 24);
  final InMemorySegment stub = new InMemorySegment(Ipv4.parse("203.0.113.0"), 24);
  final OspfComponent x = component(1);
  final OspfComponent y = component(2);

  OspfComponent component(int host) {
    OspfLink.Transports t =
        (name, p2p, l) ->
            switch (name) {
              case "eth0" -> link.attach(name, host, l);
              case "eth1" -> stub.attach(name, host, l);
              default -> throw new IllegalArgumentException("no interface " + name);
            };
    OspfLink.Await runLoop =
        f -> {
          loop.runPending();
          f.join();
        };
    return new OspfComponent(OspfLink.instances(new Rib(loop, 8), () -> loop, t, runLoop));
  }

  static OspfConfig.Interface iface(
      String name, int cost, int hello, boolean passive, int... keys) {
    List<OspfConfig.Key> ks = new ArrayList<>();
    for (int k : keys) {
      ks.add(new OspfConfig.Key(k, "secret-" + k));
    }
    return new OspfConfig.Interface(
        name,
        cost,
        Duration.ofSeconds(hello),
        Duration.ofSeconds(4L * hello),
        1,
        OspfConfig.NetworkType.BROADCAST,
        passive,
        new OspfConfig.Auth(OspfConfig.AuthType.MD5, ks));
  }

  static Section section(String rid, OspfConfig.Interface... ifs) {
    OspfConfig cfg =
        new OspfConfig(
            List.of(
                new OspfConfig.Area(
                    Ipv4Address.parse("0.0.0.0"), OspfConfig.AreaType.NORMAL, List.of(ifs))),
            Set.of());
    return new Section(Ipv4Address.parse(rid), Optional.of(cfg), Optional.empty());
  }

  OspfLink running(OspfComponent c) {
    return (OspfLink) c.running();
  }

  <T> T get(java.util.concurrent.CompletableFuture<T> f) {
    loop.runPending();
    return f.join();
  }

  List<NeighborInfo> neighbors(OspfComponent c) {
    return get(running(c).instance.neighbors());
  }

  InterfaceInfo eth0(OspfComponent c) {
    return get(running(c).instance.interfaces()).stream()
        .filter(i -> i.name().equals("eth0"))
        .findFirst()
        .orElseThrow();
  }

  boolean full() {
    return neighbors(x).stream().anyMatch(n -> n.state() == NeighborState.FULL)
        && neighbors(y).stream().anyMatch(n -> n.state() == NeighborState.FULL);
  }

  void await(Duration max, BooleanSupplier cond, String what) {
    for (long i = 0; i <= max.toSeconds(); i++) {
      if (cond.getAsBoolean()) {
        return;
      }
      loop.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  /** Time passes (past the dead interval) with the adjacency Full at every second. */
  void staysFull(Duration d) {
    for (long i = 0; i < d.toSeconds(); i++) {
      assertTrue(full(), "the adjacency left Full after " + i + " s");
      loop.advance(Duration.ofSeconds(1));
    }
  }

  Reconfig reload(OspfComponent c, Section from, Section to) throws ComponentException {
    Reconfig plan = c.plan(from, to);
    c.apply(from, to, plan);
    return plan;
  }

  @Test
  void costAndKeyChangesApplyInPlaceAndKeepTheAdjacencyFull() throws Exception {
    Section x0 = section("192.0.2.1", iface("eth0", 10, 10, false, 1));
    Section y0 = section("192.0.2.2", iface("eth0", 10, 10, false, 1));
    x.start(x0);
    y.start(y0);
    await(Duration.ofSeconds(120), this::full, "Full");
    OspfLink before = running(x);

    Section x1 = section("192.0.2.1", iface("eth0", 25, 10, false, 1, 2));
    Reconfig plan = x.plan(x0, x1);
    assertInstanceOf(Reconfig.Soft.class, plan);
    assertEquals(
        List.of("interface eth0 (cost 10 -> 25, authentication keys)"),
        ((Reconfig.Soft) plan).what());
    assertEquals(10, eth0(x).cost(), "plan changes nothing");
    x.apply(x0, x1, plan);
    assertSame(before, running(x), "the same instance");
    assertEquals(25, eth0(x).cost());
    // x sends with key 2 now; y accepts only key 1: y takes key 2 (and still sends with 1)
    Section y1 = section("192.0.2.2", iface("eth0", 10, 10, false, 2, 1));
    assertInstanceOf(Reconfig.Soft.class, reload(y, y0, y1));
    staysFull(Duration.ofSeconds(90));
    assertEquals(0, eth0(y).droppedPackets(), "no packet with an unknown key reached y");
    // timers on both sides within the dead interval
    Section x2 = section("192.0.2.1", iface("eth0", 25, 3, false, 1, 2));
    Section y2 = section("192.0.2.2", iface("eth0", 10, 3, false, 2, 1));
    assertInstanceOf(Reconfig.Soft.class, reload(x, x1, x2));
    staysFull(Duration.ofSeconds(5));
    assertInstanceOf(Reconfig.Soft.class, reload(y, y1, y2));
    staysFull(Duration.ofSeconds(60));
  }

  @Test
  void aPassiveFlipRestartsThatInterfaceOnlyAndANewRouterIdTheInstance() throws Exception {
    Section x0 =
        section("192.0.2.1", iface("eth0", 10, 10, false, 1), iface("eth1", 1, 10, false, 1));
    Section y0 = section("192.0.2.2", iface("eth0", 10, 10, false, 1));
    x.start(x0);
    y.start(y0);
    await(Duration.ofSeconds(120), this::full, "Full");
    Section x1 =
        section("192.0.2.1", iface("eth0", 10, 10, false, 1), iface("eth1", 1, 10, true, 1));
    assertEquals(
        new Reconfig.Restart(List.of("interface eth1 (passive false -> true)")), reload(x, x0, x1));
    staysFull(Duration.ofSeconds(60));

    OspfLink before = running(x);
    Section x2 =
        section("192.0.2.9", iface("eth0", 10, 10, false, 1), iface("eth1", 1, 10, true, 1));
    assertEquals(
        new Reconfig.Restart(List.of("ospf (router-id 192.0.2.1 -> 192.0.2.9)")),
        reload(x, x1, x2));
    assertNotSame(before, running(x));
    await(
        Duration.ofSeconds(120),
        () ->
            neighbors(y).stream()
                .anyMatch(
                    n ->
                        n.state() == NeighborState.FULL
                            && n.routerId().equals(Ipv4Address.parse("192.0.2.9"))),
        "Full with the new router id");
  }

  @Test
  void aFailedApplyLeavesTheRunningSectionInForce() throws Exception {
    Section x0 = section("192.0.2.1", iface("eth0", 10, 10, false, 1));
    Section y0 = section("192.0.2.2", iface("eth0", 10, 10, false, 1));
    x.start(x0);
    y.start(y0);
    await(Duration.ofSeconds(120), this::full, "Full");
    // a cost change and a new interface that does not exist: nothing is applied
    Section bad =
        section("192.0.2.1", iface("eth0", 40, 10, false, 1), iface("eth9", 1, 10, true, 1));
    Reconfig plan = x.plan(x0, bad);
    ComponentException e = assertThrows(ComponentException.class, () -> x.apply(x0, bad, plan));
    assertTrue(e.getMessage().contains("no interface eth9"), e.getMessage());
    assertEquals(10, eth0(x).cost());
    assertEquals(1, get(running(x).instance.interfaces()).size());
    staysFull(Duration.ofSeconds(60));
    // a new router id with the bad interface: the old instance is started again
    Section badId =
        section(
            "192.0.2.7",
            iface("eth0", 10, 10, false, 1),
            bad.ospf().get().areas().get(0).interfaces().get(1));
    Reconfig restart = x.plan(x0, badId);
    assertThrows(ComponentException.class, () -> x.apply(x0, badId, restart));
    assertEquals(Ipv4Address.parse("192.0.2.1"), running(x).instance.settings().routerId());
    await(Duration.ofSeconds(120), this::full, "Full again");
    x.stop();
    y.stop();
  }

  @Test
  void turnedOffAndOnAndUnchanged() throws Exception {
    Section x0 = section("192.0.2.1", iface("eth0", 10, 10, false, 1));
    Section off = new Section(Ipv4Address.parse("192.0.2.1"), Optional.empty(), Optional.empty());
    assertSame(Reconfig.SAME, x.plan(x0, section("192.0.2.1", iface("eth0", 10, 10, false, 1))));
    x.start(off);
    assertEquals(null, x.running());
    reload(x, off, x0);
    assertEquals(1, get(running(x).instance.interfaces()).size());
    reload(x, x0, off);
    assertEquals(null, x.running());
  }
}
