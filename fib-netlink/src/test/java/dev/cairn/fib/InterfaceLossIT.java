package dev.cairn.fib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.kernel.Address;
import dev.cairn.kernel.InterfaceListener;
import dev.cairn.kernel.KernelRoutes;
import dev.cairn.kernel.Link;
import dev.cairn.kernel.LinkMonitor;
import dev.cairn.kernel.NetnsLab;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * "A deleted interface takes its routes with it": the kernel drops the routes and nexthop objects
 * on a deleted device; the writer hears of it from the {@link LinkMonitor} and afterwards believes
 * exactly what the kernel holds, and the same routes can be installed again later.
 */
@Tag("integration")
class InterfaceLossIT {
  private static final int TABLE = 1000;
  private static final String PROTO = Integer.toString(FibConfig.RTPROT_CAIRN);
  private static final Duration T = Duration.ofSeconds(10);

  private NetnsLab lab;
  private KernelRoutes kernel;
  private LinkMonitor monitor;
  private final AtomicLong clock = new AtomicLong();

  /** What the monitor thread posts to the "FIB loop" (this test thread). */
  private final ConcurrentLinkedQueue<Object> posted = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() {
    lab = new NetnsLab();
    kernel = KernelRoutes.openIn(lab.name);
    addVeth2();
    monitor =
        LinkMonitor.start(
            lab.name,
            new InterfaceListener() {
              @Override
              public void linkChanged(Link link) {
                posted.add(link);
              }

              @Override
              public void linkRemoved(int ifindex, String name) {
                posted.add(new Removed(ifindex, name));
              }

              @Override
              public void addressAdded(Address address) {}

              @Override
              public void addressRemoved(Address address) {}
            });
  }

  private record Removed(int ifindex, String name) {}

  private void addVeth2() {
    lab.ipn("link", "add", "veth2", "type", "veth", "peer", "name", "veth3");
    lab.ipn("addr", "add", "203.0.113.1/24", "dev", "veth2");
    lab.ipn("link", "set", "veth2", "up");
    lab.ipn("link", "set", "veth3", "up");
    lab.ipn("neigh", "replace", "203.0.113.2", "lladdr", "02:00:00:00:02:02", "dev", "veth2");
  }

  @AfterEach
  void tearDown() {
    try {
      if (monitor != null) {
        monitor.close();
      }
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      lab.close();
    }
  }

  /** Runs the posted events on this thread, as the FIB loop does; returns true when any came. */
  private boolean deliver(FibWriter w) {
    boolean any = false;
    Object o;
    while ((o = posted.poll()) != null) {
      any = true;
      if (o instanceof Removed r) {
        w.linkRemoved(r.ifindex(), r.name());
      } else if (o instanceof Link l) {
        w.linkChanged(l.index(), l.name());
      }
    }
    return any;
  }

  private static Route route(String prefix, String... via) {
    List<NextHop> nhs = new ArrayList<>();
    for (String v : via) {
      String[] parts = v.split("%");
      nhs.add(new NextHop(IpAddress.parse(parts[0]), parts.length > 1 ? parts[1] : null));
    }
    return Route.of(IpPrefix.parse(prefix), Protocol.EBGP, nhs, 0);
  }

  /** dst -> nhid (0 for a route without one) of cairn's routes in the table. */
  private Map<String, Integer> kernelRoutes() {
    String json = lab.ipn("-j", "route", "show", "table", "" + TABLE, "proto", PROTO);
    Map<String, Integer> out = new HashMap<>();
    Matcher m =
        Pattern.compile("\\{\"(?:type\":\"\\w+\",\")?dst\":\"([^\"]+)\"([^{}]*)").matcher(json);
    while (m.find()) {
      Matcher id = Pattern.compile("\"nhid\":(\\d+)").matcher(m.group(2));
      out.put(m.group(1), id.find() ? Integer.parseInt(id.group(1)) : 0);
    }
    return out;
  }

  private Set<Integer> kernelGroupIds() {
    String json = lab.ipn("-j", "nexthop", "show", "proto", PROTO);
    Set<Integer> out = new HashSet<>();
    Matcher m = Pattern.compile("\\{\"id\":(\\d+),\"group\"").matcher(json);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  /**
   * The writer's beliefs equal the kernel: same routes, same group ids, no stale ids; when {@code
   * exact}, also as many groups (right after a link loss the kernel may hold two shrunk groups with
   * the same members, which the writer counts once until a flush folds them).
   */
  private void assertAgrees(FibWriter w, boolean exact) {
    Map<String, Integer> k = kernelRoutes();
    assertThat(w.installedCount()).as("routes the writer believes installed").isEqualTo(k.size());
    Set<Integer> groups = kernelGroupIds();
    k.forEach(
        (dst, nhid) -> {
          IpPrefix p = IpPrefix.parse(dst);
          assertThat(w.isInstalled(p)).as(dst).isTrue();
          assertThat(w.groupIdOf(p)).as("group of " + dst).isEqualTo(nhid);
          if (nhid != 0) {
            assertThat(groups).as("kernel groups").contains(nhid);
          }
        });
    if (exact) {
      assertThat(w.groupCount()).as("groups").isEqualTo(groups.size());
    } else {
      assertThat(w.groupCount()).as("groups").isLessThanOrEqualTo(groups.size());
    }
  }

  @Test
  void aDeletedInterfaceTakesItsRoutesAndNexthopsAndTheyCanComeBack() {
    FibWriter w = new FibWriter(kernel, FibConfig.defaults().withTable(TABLE), clock::get);
    w.start();
    w.offer(route("198.51.100.0/24", "203.0.113.2%veth2"));
    w.offer(route("198.51.100.0/25", "203.0.113.2%veth2", "192.0.2.2%veth0"));
    w.offer(route("198.51.100.128/25", "203.0.113.2", "192.0.2.2")); // resolved by lookup
    w.offer(route("192.0.2.128/25", "192.0.2.2%veth0"));
    assertThat(w.flush()).isEmpty();
    assertAgrees(w, true);
    int ecmp = w.groupIdOf(IpPrefix.parse("198.51.100.0/25"));
    assertThat(lab.ipn("nexthop", "show", "id", "" + ecmp)).containsPattern("group \\d+/\\d+");
    assertThat(lab.ipn("-j", "nexthop", "show", "proto", PROTO)).contains("\"dev\":\"veth2\"");
    posted.clear();

    lab.ipn("link", "del", "veth2");
    NetnsLab.waitFor(
        T,
        () -> posted.stream().anyMatch(o -> o instanceof Removed r && r.name().equals("veth2")),
        "the monitor reporting veth2 removed");
    deliver(w);
    // the kernel dropped the single-path route and every nexthop on veth2
    assertThat(kernelRoutes()).doesNotContainKey("198.51.100.0/24");
    assertThat(lab.ipn("-j", "nexthop", "show", "proto", PROTO)).doesNotContain("veth2");
    assertAgrees(w, false);
    // what could not be kept is failing (and retried), not silently believed installed
    assertThat(w.failing()).containsKey(IpPrefix.parse("198.51.100.0/24"));
    assertThat(w.isInstalled(IpPrefix.parse("192.0.2.128/25"))).isTrue();

    // the RIB drops the dead paths: the ECMP routes fall back to veth0
    w.offer(route("198.51.100.0/25", "192.0.2.2%veth0"));
    w.offer(route("198.51.100.128/25", "192.0.2.2"));
    w.withdraw(IpPrefix.parse("198.51.100.0/24"));
    assertThat(w.flush()).isEmpty();
    assertThat(w.failing()).isEmpty();
    assertAgrees(w, true);
    assertThat(kernelRoutes())
        .containsOnlyKeys("198.51.100.0/25", "198.51.100.128/25", "192.0.2.128/25");

    // veth2 comes back (a new ifindex): the same routes install again through it
    addVeth2();
    NetnsLab.waitFor(
        T,
        () -> posted.stream().anyMatch(o -> o instanceof Link l && l.name().equals("veth2")),
        "the monitor reporting veth2 again");
    deliver(w);
    w.offer(route("198.51.100.0/24", "203.0.113.2%veth2"));
    w.offer(route("198.51.100.0/25", "203.0.113.2%veth2", "192.0.2.2%veth0"));
    w.offer(route("198.51.100.128/25", "203.0.113.2", "192.0.2.2"));
    assertThat(w.flush()).isEmpty();
    assertAgrees(w, true);
    assertThat(lab.ipn("route", "show", "table", "" + TABLE, "198.51.100.0/24")).contains("veth2");
    String ecmpNow =
        lab.ipn("nexthop", "show", "id", "" + w.groupIdOf(IpPrefix.parse("198.51.100.0/25")));
    assertThat(ecmpNow).containsPattern("group \\d+/\\d+");
    assertThat(lab.ipn("-j", "nexthop", "show", "proto", PROTO)).contains("\"dev\":\"veth2\"");
  }
}
