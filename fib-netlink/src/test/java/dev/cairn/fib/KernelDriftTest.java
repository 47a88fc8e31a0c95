package dev.cairn.fib;

import static dev.cairn.fib.FibWriterFaultTest.GATEWAYS;
import static dev.cairn.fib.FibWriterFaultTest.PROTO;
import static dev.cairn.fib.FibWriterFaultTest.TABLE;
import static dev.cairn.fib.FibWriterFaultTest.route;
import static dev.cairn.fib.FibWriterFaultTest.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.fib.FibWriterFaultTest.Harness;
import dev.cairn.kernel.Errno;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * What something else does to cairn's routes and nexthop objects is put back, from the kernel's
 * notifications (fed to {@link KernelDrift} as the route watch would), and the echoes of cairn's
 * own writes are never taken for a change.
 */
class KernelDriftTest {
  final Harness h = new Harness();
  final FibWriter w = h.writer();
  final List<Object[]> events = new ArrayList<>();
  final List<KernelDrift.Repair> repairs = new ArrayList<>();

  KernelDriftTest() {
    h.kernel.listener = events::add;
    w.drift().onRepair(repairs::add);
  }

  static void feed(FibWriter w, List<Object[]> events) {
    for (Object[] e : events) {
      if (e[0] instanceof RouteMessage r) {
        w.drift().route(r, (Boolean) e[1]);
      } else {
        w.drift().nexthop((NexthopMessage) e[0], (Boolean) e[1]);
      }
    }
    events.clear();
  }

  /** Reads the notifications, repairs, writes until done; returns how many routes were repaired. */
  int repairAndSettle() {
    feed(w, events);
    int n = w.drift().repair();
    settle(w, h.clock, () -> {});
    feed(w, events);
    assertThat(w.drift().repair()).as("echoes of the repair").isZero();
    return n;
  }

  void install(int n) {
    FibWriterFaultTest.tableOf(n).forEach(r -> h.offer(w, r));
    w.flush();
    assertThat(repairAndSettle()).as("echoes of cairn's own writes").isZero();
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
  }

  FakeKernel.Key key(String prefix) {
    return new FakeKernel.Key(TABLE, IpPrefix.parse(prefix), 20);
  }

  @Test
  void aRouteDeletedBehindCairnsBackIsPutBack() {
    install(8);
    h.kernel.deleteRoute(key("203.0.113.1/32"));
    assertThat(repairAndSettle()).isEqualTo(1);
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    assertThat(w.drift().lastRepair())
        .isEqualTo(new KernelDrift.Repair(IpPrefix.parse("203.0.113.1/32"), "deleted"));
  }

  @Test
  void aRouteReplacedWithAnotherGatewayIsPutBack() {
    install(8);
    // ip route replace 203.0.113.0/32 via 192.0.2.9 metric 20 table 1000 (protocol boot)
    h.kernel.put(
        new RouteMessage(
            IpPrefix.parse("203.0.113.0/32"),
            TABLE,
            3,
            Rtnl.RT_SCOPE_UNIVERSE,
            Rtnl.RTN_UNICAST,
            0,
            20,
            IpAddress.parse("192.0.2.9"),
            2,
            0,
            List.of()));
    assertThat(repairAndSettle()).isEqualTo(1);
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    assertThat(h.kernel.routes.get(key("203.0.113.0/32")).protocol()).isEqualTo(PROTO);
    assertThat(w.drift().lastRepair().reason()).isEqualTo("changed");
  }

  @Test
  void routesThatVanishedWithTheirGroupAreWrittenAgain() {
    install(12); // 203.0.113.1, .5 and .9 share one group
    int group = h.kernel.routes.get(key("203.0.113.1/32")).nhId();
    h.kernel.deleteNexthop(group); // no notification per route
    assertThat(h.kernel.table(TABLE, PROTO)).hasSize(9);
    assertThat(repairAndSettle()).isEqualTo(3);
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    assertThat(repairs).extracting(KernelDrift.Repair::reason).containsOnly("nexthop-deleted");
  }

  @Test
  void aDeletedSingleNexthopTakesItsOneMemberGroupAndItsRoutes() {
    install(8);
    h.offer(w, route("198.51.100.128/25", "192.0.2.9")); // 192.0.2.9 is in no other group
    h.offer(w, route("198.51.100.0/25", "192.0.2.9"));
    assertThat(repairAndSettle()).isZero();
    int group = h.kernel.routes.get(key("198.51.100.0/25")).nhId();
    int single = h.kernel.nexthops.get(group).group().get(0).id();
    h.kernel.deleteNexthop(single);
    assertThat(repairAndSettle()).isEqualTo(2);
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
  }

  @Test
  void aDeletedSingleThatShrankAGroupMakesTheWriterReadTheKernel() {
    install(8); // 203.0.113.1 and .5: 192.0.2.1 + 198.51.100.1
    int group = h.kernel.routes.get(key("203.0.113.1/32")).nhId();
    int single = h.kernel.nexthops.get(group).group().get(1).id();
    h.kernel.deleteNexthop(single);
    feed(w, events);
    w.drift().repair();
    assertThat(w.resyncPending()).isTrue();
    settle(w, h.clock, () -> {});
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    assertThat(repairs).extracting(KernelDrift.Repair::reason).contains("nexthop-deleted");
  }

  @Test
  void aChangedNexthopObjectMakesTheWriterReadTheKernel() {
    install(8);
    int group = h.kernel.routes.get(key("203.0.113.0/32")).nhId();
    int single = h.kernel.nexthops.get(group).group().get(0).id();
    // ip nexthop replace id SINGLE via 192.0.2.77 dev eth0
    FakeKernel k = h.kernel;
    k.nexthops.put(
        single, NexthopMessage.single(single, PROTO, IpAddress.parse("192.0.2.77"), 2, 2));
    k.listener.accept(new Object[] {k.nexthops.get(single), false});
    feed(w, events);
    w.drift().repair();
    assertThat(w.resyncPending()).isTrue();
    settle(w, h.clock, () -> {});
    assertThat(k.table(TABLE, PROTO)).isEqualTo(h.expected());
  }

  @Test
  void aRouteLostWithoutANotificationIsFoundByTheScan() {
    install(8);
    h.kernel.routes.remove(key("203.0.113.6/32")); // e.g. the notification was lost
    feed(w, events);
    assertThat(w.drift().repair()).isZero();
    w.scan();
    settle(w, h.clock, () -> {});
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    assertThat(w.drift().lastRepair())
        .isEqualTo(new KernelDrift.Repair(IpPrefix.parse("203.0.113.6/32"), "scan"));
  }

  @Test
  void afterLostNotificationsTheWriterReadsTheKernel() {
    install(8);
    h.kernel.routes.remove(key("203.0.113.2/32"));
    w.requestResync("resync"); // the route watch's socket overran (ENOBUFS)
    settle(w, h.clock, () -> {});
    assertThat(h.kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    assertThat(w.drift().lastRepair().reason()).isEqualTo("resync");
  }

  @Test
  void echoesReadLateAreNotChanges() {
    install(8);
    // two rounds of changes whose echoes are read only after both were written
    FibWriterFaultTest.tableOf(8)
        .forEach(r -> h.offer(w, route(r.prefix().toString(), GATEWAYS[3])));
    w.flush();
    FibWriterFaultTest.tableOf(8).forEach(r -> h.offer(w, route(r.prefix().toString())));
    h.withdraw(w, IpPrefix.parse("203.0.113.3/32"));
    w.flush();
    feed(w, events);
    assertThat(w.drift().repair()).isZero();
    assertThat(repairs).isEmpty();
  }

  @Test
  void aRouteAtAnotherMetricIsNotCairns() {
    install(4);
    h.kernel.put(
        new RouteMessage(
            IpPrefix.parse("203.0.113.0/32"),
            TABLE,
            4,
            Rtnl.RT_SCOPE_UNIVERSE,
            Rtnl.RTN_UNICAST,
            0,
            100,
            IpAddress.parse("192.0.2.9"),
            2,
            0,
            List.of()));
    feed(w, events);
    assertThat(w.drift().repair()).isZero();
  }

  /**
   * Random RIB changes, random tampering (routes deleted or replaced, nexthop objects deleted) and
   * random faults: once the notifications are read and the writer's repairs, retries and re-reads
   * are done, the kernel equals the desired table.
   */
  @Property(tries = 500)
  void theKernelIsPutBackWhateverIsDoneToIt(@ForAll long seed) {
    Random rnd = new Random(seed);
    Harness t = new Harness();
    FakeKernel k = t.kernel;
    FibWriter fw = t.writer();
    List<Object[]> evs = new ArrayList<>();
    k.listener = evs::add;
    for (int s = 0; s < 5 + rnd.nextInt(20); s++) {
      for (int c = 0; c < 1 + rnd.nextInt(8); c++) {
        String p = "203.0.113." + rnd.nextInt(16) + "/32";
        if (rnd.nextInt(4) == 0) {
          t.withdraw(fw, IpPrefix.parse(p));
        } else {
          t.offer(fw, FibWriterFaultTest.randomRoute(rnd, p));
        }
      }
      if (rnd.nextInt(3) == 0) {
        k.fail(1 + rnd.nextInt(10), rnd.nextBoolean() ? Errno.ENOBUFS : Errno.EEXIST, true);
      }
      fw.flush();
      for (int x = 0; x < rnd.nextInt(3); x++) {
        tamper(rnd, k);
      }
      if (rnd.nextBoolean()) {
        feed(fw, evs);
        fw.drift().repair();
      }
      t.clock.addAndGet(rnd.nextInt(1_500_000_000));
    }
    settle(
        fw,
        t.clock,
        () -> {
          feed(fw, evs);
          fw.drift().repair();
        });
    assertThat(k.table(TABLE, PROTO)).isEqualTo(t.expected());
    t.assertNoOrphanNexthops();
  }

  private static void tamper(Random rnd, FakeKernel k) {
    List<FakeKernel.Key> keys = new ArrayList<>(k.routes.keySet());
    List<Integer> ids = new ArrayList<>(k.nexthops.keySet());
    switch (rnd.nextInt(3)) {
      case 0 -> {
        if (!keys.isEmpty()) {
          k.deleteRoute(keys.get(rnd.nextInt(keys.size())));
        }
      }
      case 1 -> {
        if (!keys.isEmpty()) {
          FakeKernel.Key key = keys.get(rnd.nextInt(keys.size()));
          k.put(
              new RouteMessage(
                  key.dst(),
                  key.table(),
                  rnd.nextBoolean() ? PROTO : 3,
                  Rtnl.RT_SCOPE_UNIVERSE,
                  Rtnl.RTN_UNICAST,
                  0,
                  key.priority(),
                  IpAddress.parse("198.51.100.99"),
                  3,
                  0,
                  List.of()));
        }
      }
      default -> {
        if (!ids.isEmpty()) {
          k.deleteNexthop(ids.get(rnd.nextInt(ids.size())));
        }
      }
    }
  }
}
