package dev.cairn.fib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.kernel.Errno;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The FIB writer against an in-memory kernel that fails at chosen points of a batch: a netlink
 * error in mid-batch (EAGAIN, ENOBUFS thrown by send/recv) never loses the batch, a refused
 * operation (EEXIST) is retried, and after the retries and re-reads the writer schedules the kernel
 * holds exactly the desired table.
 */
class FibWriterFaultTest {
  static final int TABLE = 1000;
  static final int PROTO = FibConfig.RTPROT_CAIRN;
  static final String[] GATEWAYS = {"192.0.2.1", "192.0.2.2", "198.51.100.1", "198.51.100.2"};

  /** A fake kernel, a clock and the table the test wants. */
  static final class Harness {
    final AtomicLong clock = new AtomicLong(1);
    final FakeKernel kernel = new FakeKernel();
    final Map<IpPrefix, Route> want = new TreeMap<>();

    FibWriter writer() {
      FibWriter w =
          new FibWriter(
              kernel,
              FibConfig.defaults()
                  .withTable(TABLE)
                  .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
              clock::get);
      w.start();
      return w;
    }

    void offer(FibWriter w, Route r) {
      want.put(r.prefix(), r);
      w.offer(r);
    }

    void withdraw(FibWriter w, IpPrefix p) {
      want.remove(p);
      w.withdraw(p);
    }

    /** What the kernel should hold for {@link #want}, in {@link FakeKernel#table}'s terms. */
    Map<IpPrefix, String> expected() {
      Map<IpPrefix, String> m = new TreeMap<>();
      for (Route r : want.values()) {
        if (r.isBlackhole()) {
          m.put(r.prefix(), "blackhole metric 20");
          continue;
        }
        Set<String> hops = new java.util.TreeSet<>();
        for (NextHop nh : r.nextHops()) {
          hops.add(nh.gateway() + "%" + kernel.lookup(nh.gateway()).oif());
        }
        m.put(r.prefix(), hops + " metric 20");
      }
      return m;
    }

    /** Every nexthop object of cairn's is used: groups by routes, singles by groups. */
    void assertNoOrphanNexthops() {
      Set<Integer> used = new HashSet<>();
      kernel.routes.values().forEach(r -> used.add(r.nhId()));
      for (NexthopMessage n : kernel.nexthops.values()) {
        if (n.isGroup() && used.contains(n.id())) {
          n.group().forEach(m -> used.add(m.id()));
        }
      }
      for (NexthopMessage n : kernel.nexthops.values()) {
        assertThat(used)
            .as("nexthop %s is used; kernel %s %s", n, kernel.nexthops, kernel.routes)
            .contains(n.id());
      }
    }
  }

  static Route route(String prefix, String... via) {
    List<NextHop> nhs = new ArrayList<>();
    for (String v : via) {
      nhs.add(NextHop.via(IpAddress.parse(v)));
    }
    return Route.of(IpPrefix.parse(prefix), Protocol.EBGP, nhs, 0);
  }

  /** Flushes, moving the clock to each retry, until nothing is due any more. */
  static void settle(FibWriter w, AtomicLong clock, Runnable beforeFlush) {
    for (int i = 0; i < 1000; i++) {
      beforeFlush.run();
      w.flush();
      long next = w.nextRetryNanos();
      if (next == Long.MAX_VALUE) {
        return;
      }
      clock.set(Math.max(clock.get(), next));
    }
    throw new AssertionError(
        "the writer never settled: " + w.failing() + " " + w.nextRetryNanos() + " " + clock);
  }

  static List<Route> tableOf(int n) {
    List<Route> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String p = "203.0.113." + i + "/32";
      rs.add(
          switch (i % 4) {
            case 0 -> route(p, GATEWAYS[0]);
            case 1 -> route(p, GATEWAYS[0], GATEWAYS[2]);
            case 2 -> route(p);
            default -> route(p, GATEWAYS[1], GATEWAYS[2], GATEWAYS[3]);
          });
    }
    return rs;
  }

  @Test
  void aBatchCutShortByEnobufsIsWrittenAgain() {
    Harness h = new Harness();
    FakeKernel kernel = h.kernel;
    FibWriter w = h.writer();
    tableOf(40).forEach(r -> h.offer(w, r));
    kernel.fail(12, Errno.ENOBUFS, true); // among the route writes, after the groups
    List<WriterError> errors = w.flush();
    assertThat(errors).anyMatch(e -> e.errno() == Errno.ENOBUFS);
    assertThat(w.resyncPending()).isTrue();
    assertThat(w.nextRetryNanos()).isNotEqualTo(Long.MAX_VALUE);
    settle(w, h.clock, () -> {});
    assertThat(kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    h.assertNoOrphanNexthops();
  }

  @Test
  void eagainWhileCreatingNexthopsLosesNothing() {
    Harness h = new Harness();
    FakeKernel kernel = h.kernel;
    FibWriter w = h.writer();
    tableOf(20).forEach(r -> h.offer(w, r));
    kernel.fail(2, Errno.EAGAIN, true); // the second single nexthop object
    w.flush();
    settle(w, h.clock, () -> {});
    assertThat(kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    h.assertNoOrphanNexthops();
  }

  @Test
  void aFailedReReadIsTriedAgain() {
    Harness h = new Harness();
    FakeKernel kernel = h.kernel;
    FibWriter w = h.writer();
    tableOf(20).forEach(r -> h.offer(w, r));
    w.flush();
    tableOf(20).forEach(r -> h.offer(w, route(r.prefix().toString(), GATEWAYS[3])));
    kernel.fail(3, Errno.ENOBUFS, true);
    kernel.dumpFailures = 2; // the first two re-reads fail too
    w.flush();
    settle(w, h.clock, () -> {});
    assertThat(kernel.table(TABLE, PROTO)).isEqualTo(h.expected());
    h.assertNoOrphanNexthops();
  }

  @Test
  void aDeletionCutShortIsDoneLater() {
    Harness h = new Harness();
    FakeKernel kernel = h.kernel;
    FibWriter w = h.writer();
    tableOf(20).forEach(r -> h.offer(w, r));
    w.flush();
    for (Route r : tableOf(20)) {
      h.withdraw(w, r.prefix());
    }
    kernel.fail(5, Errno.EAGAIN, true);
    w.flush();
    settle(w, h.clock, () -> {});
    assertThat(kernel.table(TABLE, PROTO)).isEmpty();
    assertThat(kernel.nexthops).isEmpty();
  }

  /**
   * Random RIB changes, flushes and injected faults (EAGAIN and ENOBUFS thrown in mid-batch, EEXIST
   * refusals): once the faults stop and the writer's retries and re-reads are done, the kernel
   * equals the desired table and holds no unused nexthop object.
   */
  @Property(tries = 1000)
  void theKernelConvergesToTheRibWhateverFails(@ForAll long seed) {
    converges(seed);
  }

  private void converges(long seed) {
    Random rnd = new Random(seed);
    Harness t = new Harness();
    FakeKernel k = t.kernel;
    FibWriter w = t.writer();
    int steps = 5 + rnd.nextInt(25);
    for (int s = 0; s < steps; s++) {
      int changes = 1 + rnd.nextInt(12);
      for (int c = 0; c < changes; c++) {
        String p = (rnd.nextBoolean() ? "203.0.113." : "2001:db8::") + rnd.nextInt(24);
        p += p.contains(":") ? "/128" : "/32";
        if (rnd.nextInt(4) == 0) {
          t.withdraw(w, IpPrefix.parse(p));
        } else {
          t.offer(w, randomRoute(rnd, p));
        }
      }
      int faults = rnd.nextInt(3);
      for (int f = 0; f < faults; f++) {
        int what = rnd.nextInt(3);
        int errno = what == 0 ? Errno.EAGAIN : what == 1 ? Errno.ENOBUFS : Errno.EEXIST;
        k.fail(1 + rnd.nextInt(15), errno, what < 2);
      }
      if (rnd.nextInt(5) == 0) {
        k.dumpFailures = 1;
      }
      w.flush();
      if (rnd.nextBoolean()) {
        t.clock.addAndGet(rnd.nextInt(2_000_000_000));
      }
    }
    settle(w, t.clock, () -> {});
    assertThat(k.table(TABLE, PROTO)).isEqualTo(t.expected());
    t.assertNoOrphanNexthops();
  }

  /**
   * kill -9 in mid-batch, the in-memory twin of {@code KillRestartIT}: the first writer dies at a
   * random operation of its load (what it sent before is in the kernel, nothing after); while it is
   * down some routes are withdrawn and some move to other next hops; a second writer on the same
   * kernel adopts what is there, is offered the table again in a few batches (with a scan of the
   * whole table in between, now and then) and reconciles. A route still wanted that the kernel held
   * at the kill is there after every flush; after the reconcile the kernel holds exactly the table,
   * and no nexthop object is left unused.
   */
  @Property(tries = 500)
  void aWriterKilledInMidBatchIsTakenOverByTheNext(@ForAll long seed) {
    Random rnd = new Random(seed);
    Harness t = new Harness();
    FakeKernel k = t.kernel;
    FibWriter first = t.writer();
    List<Route> table = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String p = i % 3 == 0 ? "2001:db8::" + i + "/128" : "203.0.113." + i + "/32";
      table.add(randomRoute(rnd, p));
    }
    k.fail(1 + rnd.nextInt(80), Errno.EINTR, true); // the moment of the kill
    for (int i = 0; i < table.size() && k.faultsLeft(); i++) {
      t.offer(first, table.get(i));
      if (rnd.nextInt(6) == 0) {
        first.flush();
      }
    }
    if (k.faultsLeft()) {
      first.flush();
    }
    // killed: the first writer is never called again
    Map<IpPrefix, String> atKill = k.table(TABLE, PROTO);
    for (Route r : table) {
      int what = rnd.nextInt(6);
      if (what == 0) {
        t.want.remove(r.prefix());
      } else if (what == 1) {
        t.want.put(r.prefix(), randomRoute(rnd, r.prefix().toString()));
      } else {
        t.want.put(r.prefix(), r); // (also the ones the first writer never got to)
      }
    }
    Set<IpPrefix> kept = new HashSet<>(atKill.keySet());
    kept.retainAll(t.want.keySet());

    FibWriter second = t.writer();
    List<Route> again = new ArrayList<>(t.want.values());
    java.util.Collections.shuffle(again, rnd);
    for (int i = 0; i < again.size(); i++) {
      second.offer(again.get(i));
      if (rnd.nextInt(5) == 0 || i == again.size() - 1) {
        if (rnd.nextInt(4) == 0) {
          second.scan();
        }
        settle(second, t.clock, () -> {});
        assertThat(k.table(TABLE, PROTO).keySet())
            .as("seed %d: still wanted and in the kernel at the kill", seed)
            .containsAll(kept);
      }
    }
    second.reconcile();
    settle(second, t.clock, () -> {});
    assertThat(k.table(TABLE, PROTO)).as("seed %d", seed).isEqualTo(t.expected());
    t.assertNoOrphanNexthops();
  }

  static Route randomRoute(Random rnd, String prefix) {
    boolean v6 = prefix.contains(":");
    if (rnd.nextInt(8) == 0) {
      return route(prefix);
    }
    int n = 1 + rnd.nextInt(3);
    Set<String> via = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      via.add(v6 ? "2001:db8:ffff::" + (1 + rnd.nextInt(3)) : GATEWAYS[rnd.nextInt(4)]);
    }
    return route(prefix, via.toArray(String[]::new));
  }
}
