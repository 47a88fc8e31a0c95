package dev.cairn.fib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.kernel.Errno;
import dev.cairn.kernel.KernelRoutes;
import dev.cairn.kernel.NetnsLab;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The FIB writer against a real kernel, inside a throwaway namespace (needs root). */
@Tag("integration")
class FibWriterIT {
  private static final int TABLE = 1000;
  private static final String PROTO = Integer.toString(FibConfig.RTPROT_CAIRN);

  private NetnsLab lab;
  private KernelRoutes kernel;
  private final AtomicLong clock = new AtomicLong();
  private FibConfig config;

  @BeforeEach
  void setUp() {
    lab = new NetnsLab();
    kernel = KernelRoutes.openIn(lab.name);
    config =
        FibConfig.defaults()
            .withTable(TABLE)
            .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8));
  }

  @AfterEach
  void tearDown() {
    try {
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      lab.close();
    }
  }

  private FibWriter writer(FibConfig c) {
    FibWriter w = new FibWriter(kernel, c, clock::get);
    w.start();
    return w;
  }

  private static Route route(String prefix, String... via) {
    List<NextHop> nhs = new ArrayList<>();
    for (String v : via) {
      String[] parts = v.split("%");
      nhs.add(new NextHop(IpAddress.parse(parts[0]), parts.length > 1 ? parts[1] : null));
    }
    return Route.of(IpPrefix.parse(prefix), Protocol.EBGP, nhs, 0);
  }

  private String routesJson() {
    // "table all": the IPv6 table does not exist until it holds a route
    return lab.ipn("-j", "route", "show", "table", "all", "proto", PROTO)
        + lab.ipn("-j", "-6", "route", "show", "table", "all", "proto", PROTO);
  }

  private String nexthopsJson() {
    return lab.ipn("-j", "nexthop", "show", "proto", PROTO);
  }

  private static int count(String s, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** {"dst":"PREFIX",...,"nhid":N ...}: the nhid of a route in ip -j output, or -1. */
  private static int nhidOf(String json, String dst) {
    Matcher m =
        Pattern.compile("\\{\"dst\":\"" + Pattern.quote(dst) + "\"[^{}]*?\"nhid\":(\\d+)")
            .matcher(json);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void installsSinglePathEcmpBlackholeAndIpv6ThroughSharedGroups() {
    FibWriter w = writer(config);
    assertThat(w.usesNexthopObjects()).isTrue();
    w.offer(route("198.51.100.0/24", "192.0.2.2"));
    w.offer(route("203.0.113.0/25", "192.0.2.2", "192.0.2.3"));
    w.offer(route("203.0.113.128/25", "192.0.2.3%veth0", "192.0.2.2%veth0"));
    w.offer(route("198.51.100.128/25"));
    w.offer(route("2001:db8:1::/48", "2001:db8::2", "2001:db8::3"));
    w.offer(route("2001:db8:2::/48", "2001:db8::2"));
    assertThat(w.flush()).isEmpty();

    String routes = routesJson();
    assertThat(routes)
        .contains("\"dst\":\"198.51.100.0/24\"")
        .contains("\"dst\":\"203.0.113.0/25\"")
        .contains("\"dst\":\"203.0.113.128/25\"")
        .contains("\"dst\":\"2001:db8:1::/48\"")
        .contains("\"dst\":\"2001:db8:2::/48\"")
        .containsPattern("\"type\":\"blackhole\",\"dst\":\"198.51.100.128/25\"");
    // the two ECMP routes share one group (the set is the same, the order was not)
    int g1 = nhidOf(routes, "203.0.113.0/25");
    assertThat(g1).isPositive().isEqualTo(nhidOf(routes, "203.0.113.128/25"));
    assertThat(w.groupIdOf(IpPrefix.parse("203.0.113.0/25"))).isEqualTo(g1);
    String nhs = nexthopsJson();
    assertThat(nhs).contains("\"id\":" + g1 + ",\"group\":[");
    assertThat(nhs).contains("\"gateway\":\"192.0.2.2\"").contains("\"gateway\":\"2001:db8::3\"");
    // 4 distinct single next hops, 4 distinct sets (v4 .2, v4 .2+.3, v6 .2+.3, v6 .2)
    assertThat(w.groupCount()).isEqualTo(4);
    assertThat(w.installedCount()).isEqualTo(6);

    // withdraw the last user of a group: the group and its now unused singles go too
    w.withdraw(IpPrefix.parse("2001:db8:1::/48"));
    assertThat(w.flush()).isEmpty();
    assertThat(routesJson()).doesNotContain("2001:db8:1::/48");
    assertThat(nexthopsJson()).doesNotContain("2001:db8::3");
    assertThat(w.groupCount()).isEqualTo(3);
  }

  @Test
  void removingANextHopRewritesTheGroupInPlace() {
    FibWriter w = writer(config);
    for (int i = 0; i < 3; i++) {
      w.offer(route("198.51.100." + (i * 16) + "/28", "192.0.2.2", "192.0.2.3", "192.0.2.4"));
    }
    assertThat(w.flush()).isEmpty();
    int gid = nhidOf(routesJson(), "198.51.100.0/28");
    assertThat(gid).isPositive();

    for (int i = 0; i < 3; i++) {
      w.offer(route("198.51.100." + (i * 16) + "/28", "192.0.2.2", "192.0.2.4"));
    }
    assertThat(w.flush()).isEmpty();
    String routes = routesJson();
    for (int i = 0; i < 3; i++) {
      assertThat(nhidOf(routes, "198.51.100." + (i * 16) + "/28")).isEqualTo(gid);
    }
    String nhs = nexthopsJson();
    assertThat(nhs).doesNotContain("192.0.2.3");
    assertThat(count(nhs, "\"group\":")).isEqualTo(1);
    assertThat(lab.ipn("nexthop", "show", "id", "" + gid)).containsPattern("group \\d+/\\d+ ");

    // one route leaves the set: now a second group appears, the others keep theirs
    w.offer(route("198.51.100.0/28", "192.0.2.2"));
    assertThat(w.flush()).isEmpty();
    routes = routesJson();
    assertThat(nhidOf(routes, "198.51.100.16/28")).isEqualTo(gid);
    assertThat(nhidOf(routes, "198.51.100.0/28")).isNotEqualTo(gid).isPositive();
  }

  @Test
  void resilientGroups() {
    FibWriter w = writer(config.withResilient(new NexthopMessage.Resilient(64, 120, 0)));
    assertThat(w.usesResilientGroups()).isTrue();
    w.offer(route("198.51.100.0/24", "192.0.2.2", "192.0.2.3"));
    assertThat(w.flush()).isEmpty();
    String nh = lab.ipn("nexthop", "show", "proto", PROTO);
    assertThat(nh).contains("type resilient buckets 64 idle_timer 120");
    int gid = nhidOf(routesJson(), "198.51.100.0/24");
    // shrinking the set keeps the resilient group (buckets move, the id stays)
    w.offer(route("198.51.100.0/24", "192.0.2.3"));
    assertThat(w.flush()).isEmpty();
    assertThat(nhidOf(routesJson(), "198.51.100.0/24")).isEqualTo(gid);
    assertThat(lab.ipn("nexthop", "show", "id", "" + gid)).contains("type resilient");
  }

  @Test
  void withoutNexthopObjectsRoutesCarryTheirPaths() {
    FibWriter w = writer(config.withNexthopObjects(false));
    assertThat(w.usesNexthopObjects()).isFalse();
    w.offer(route("198.51.100.0/24", "192.0.2.2", "192.0.2.3"));
    w.offer(route("203.0.113.0/24", "192.0.2.2"));
    w.offer(route("2001:db8:5::/48", "2001:db8::2", "2001:db8::3"));
    assertThat(w.flush()).isEmpty();
    String routes = routesJson();
    assertThat(routes).doesNotContain("nhid");
    assertThat(lab.ipn("route", "show", "table", "" + TABLE, "198.51.100.0/24"))
        .contains("nexthop via 192.0.2.2")
        .contains("nexthop via 192.0.2.3");
    assertThat(lab.ipn("-6", "route", "show", "table", "" + TABLE, "2001:db8:5::/48"))
        .contains("nexthop via 2001:db8::2")
        .contains("nexthop via 2001:db8::3");
    assertThat(nexthopsJson()).isEqualTo("[]\n");
    w.offer(route("198.51.100.0/24", "192.0.2.3"));
    assertThat(w.flush()).isEmpty();
    assertThat(lab.ipn("route", "show", "table", "" + TABLE, "198.51.100.0/24"))
        .contains("via 192.0.2.3")
        .doesNotContain("192.0.2.2");
  }

  @Test
  void deletingAnInterfaceRemovesItsRoutesAndResyncReportsThem() {
    lab.ipn("link", "add", "veth2", "type", "veth", "peer", "name", "veth3");
    lab.ipn("addr", "add", "203.0.113.1/24", "dev", "veth2");
    lab.ipn("link", "set", "veth2", "up");
    lab.ipn("link", "set", "veth3", "up");
    lab.ipn("neigh", "replace", "203.0.113.2", "lladdr", "02:00:00:00:02:02", "dev", "veth2");
    FibWriter w = writer(config);
    w.offer(route("198.51.100.0/24", "203.0.113.2%veth2"));
    w.offer(route("198.51.100.0/25", "203.0.113.2%veth2", "192.0.2.2%veth0"));
    w.offer(route("192.0.2.128/25", "192.0.2.2%veth0"));
    assertThat(w.flush()).isEmpty();
    assertThat(count(routesJson(), "\"dst\"")).isEqualTo(3);

    lab.ipn("link", "del", "veth2");
    NetnsLab.waitFor(
        Duration.ofSeconds(10),
        () -> !routesJson().contains("\"dst\":\"198.51.100.0/24\""),
        "kernel removing routes via veth2");

    List<WriterError> errors = w.resync();
    // the single-path route is gone and cannot come back: reported, retried later
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.prefix()).isEqualTo(IpPrefix.parse("198.51.100.0/24"));
              assertThat(e.errno()).isEqualTo(Errno.ENODEV);
              assertThat(e.message()).contains("veth2");
            });
    assertThat(w.isInstalled(IpPrefix.parse("198.51.100.0/24"))).isFalse();
    assertThat(w.failing()).containsKey(IpPrefix.parse("198.51.100.0/24"));
    assertThat(w.isInstalled(IpPrefix.parse("192.0.2.128/25"))).isTrue();
    // the RIB takes the dead path away: the route is installed again, error cleared
    w.offer(route("198.51.100.0/25", "192.0.2.2%veth0"));
    w.withdraw(IpPrefix.parse("198.51.100.0/24"));
    assertThat(w.flush()).isEmpty();
    assertThat(w.failing()).isEmpty();
    String routes = routesJson();
    assertThat(routes).contains("\"dst\":\"198.51.100.0/25\"").contains("192.0.2.128/25");
    assertThat(count(routes, "\"dst\"")).isEqualTo(2);
  }

  @Test
  void restartAdoptsCairnRoutesAndReconcileRemovesStaleOnes() {
    FibWriter first = writer(config);
    first.offer(route("198.51.100.0/24", "192.0.2.2", "192.0.2.3"));
    first.offer(route("198.51.101.0/24", "192.0.2.2", "192.0.2.3"));
    first.offer(route("203.0.113.0/24", "192.0.2.4"));
    first.offer(route("203.0.113.128/25"));
    first.offer(route("2001:db8:7::/48", "2001:db8::2"));
    assertThat(first.flush()).isEmpty();
    // someone else's route in the same table is never touched
    lab.ipn("route", "add", "192.0.2.192/26", "via", "192.0.2.5", "table", "" + TABLE);
    String before = routesJson();
    String nhBefore = nexthopsJson();

    FibWriter second = new FibWriter(kernel, config, clock::get);
    assertThat(second.start()).isEqualTo(5);
    assertThat(second.groupCount()).isEqualTo(3);
    // nothing changed in the kernel by starting
    assertThat(routesJson()).isEqualTo(before);
    assertThat(nexthopsJson()).isEqualTo(nhBefore);

    // re-offering an identical route writes nothing; a changed one is replaced
    second.offer(route("198.51.100.0/24", "192.0.2.3", "192.0.2.2"));
    second.offer(route("203.0.113.0/24", "192.0.2.5"));
    assertThat(second.flush()).isEmpty();
    assertThat(second.adopted()).hasSize(3);
    int gid = nhidOf(routesJson(), "198.51.100.0/24");
    assertThat(gid).isEqualTo(nhidOf(before, "198.51.100.0/24"));

    assertThat(second.reconcile()).isEmpty();
    String after = routesJson();
    assertThat(count(after, "\"dst\"")).isEqualTo(2);
    assertThat(after).contains("198.51.100.0/24").contains("203.0.113.0/24");
    assertThat(lab.ipn("route", "show", "table", "" + TABLE)).contains("192.0.2.192/26");
    // groups and singles nobody uses are gone: {.2,.3} and {.5}
    String nhs = nexthopsJson();
    assertThat(count(nhs, "\"group\":")).isEqualTo(2);
    assertThat(nhs).doesNotContain("192.0.2.4").doesNotContain("2001:db8::2");
  }

  @Test
  void unreachableGatewaysAreMatchedErrorsAndDoNotStopTheBatch() {
    FibWriter w = writer(config);
    w.offer(route("198.51.100.0/24", "192.0.2.2"));
    w.offer(route("198.51.101.0/24", "198.51.100.77")); // no route to the gateway at all
    w.offer(route("198.51.102.0/24", "203.0.113.9%veth0")); // not on veth0's subnet
    w.offer(route("198.51.103.0/24", "192.0.2.3"));
    List<WriterError> errors = w.flush();
    assertThat(errors).hasSize(2);
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.prefix()).isEqualTo(IpPrefix.parse("198.51.101.0/24"));
              assertThat(e.errno()).isEqualTo(Errno.ENETUNREACH);
            })
        .anySatisfy(
            e -> {
              // the kernel's own words, from the extended ack of RTM_NEWNEXTHOP
              assertThat(e.prefix()).isEqualTo(IpPrefix.parse("198.51.102.0/24"));
              assertThat(e.errno()).isEqualTo(Errno.ENETUNREACH);
              assertThat(e.message()).containsIgnoringCase("gateway");
            });
    String routes = routesJson();
    assertThat(routes).contains("198.51.100.0/24").contains("198.51.103.0/24");
    assertThat(routes).doesNotContain("198.51.101.0/24").doesNotContain("198.51.102.0/24");
    assertThat(nexthopsJson()).doesNotContain("203.0.113.9");

    // retried with backoff: not before the delay, then again (and again failing)
    assertThat(w.flush()).isEmpty();
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    lab.ipn("addr", "add", "203.0.113.1/24", "dev", "veth0");
    lab.ipn("neigh", "replace", "203.0.113.9", "lladdr", "02:00:00:00:03:09", "dev", "veth0");
    List<WriterError> retry = w.flush();
    assertThat(retry).singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
    assertThat(routesJson()).contains("198.51.102.0/24");
    assertThat(w.nextRetryNanos()).isEqualTo(clock.get() + Duration.ofSeconds(2).toNanos());
  }

  @Test
  void kernelBatchErrorsCarryErrnoExtAckTextAndIndex() {
    var ops = new ArrayList<dev.cairn.kernel.FibOp>();
    for (int i = 0; i < 200; i++) {
      String gw = i == 100 ? "203.0.113.9" : "192.0.2.2";
      ops.add(
          new dev.cairn.kernel.FibOp.SetRoute(
              new RouteMessage(
                  Ipv4Prefix.of(0xC6336400 + i, 32),
                  TABLE,
                  FibConfig.RTPROT_CAIRN,
                  Rtnl.RT_SCOPE_UNIVERSE,
                  Rtnl.RTN_UNICAST,
                  0,
                  20,
                  IpAddress.parse(gw),
                  0,
                  0,
                  List.of())));
    }
    var errors = kernel.apply(ops);
    assertThat(errors).singleElement();
    assertThat(errors.get(0).index()).isEqualTo(100);
    assertThat(errors.get(0).errno()).isEqualTo(Errno.ENETUNREACH);
    assertThat(errors.get(0).message()).isEqualTo("Nexthop has invalid gateway");
    assertThat(count(routesJson(), "\"dst\"")).isEqualTo(199);
  }

  @Test
  void tenThousandRoutesInOneFlush() {
    FibWriter w = writer(config);
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      // the IPv4 documentation ranges hold too few prefixes: 10k /48s inside 2001:db8::/32
      w.offer(
          Route.of(
              IpPrefix.parse("2001:db8:" + Integer.toHexString(0x1000 + i) + "::/48"),
              Protocol.EBGP,
              i % 2 == 0
                  ? List.of(NextHop.via(IpAddress.parse("2001:db8::2")))
                  : List.of(
                      NextHop.via(IpAddress.parse("2001:db8::2")),
                      NextHop.via(IpAddress.parse("2001:db8::3"))),
              0));
    }
    long t0 = System.nanoTime();
    assertThat(w.flush()).isEmpty();
    long t1 = System.nanoTime();
    System.out.printf(
        "FibWriterIT: %d routes in %.1f ms (%.0f routes/s)%n",
        n, (t1 - t0) / 1e6, n / ((t1 - t0) / 1e9));
    String all = lab.ipn("-6", "route", "show", "table", "" + TABLE, "proto", PROTO);
    assertThat(all.lines().filter(l -> l.startsWith("2001:db8:")).count()).isEqualTo(n);
    assertThat(w.installedCount()).isEqualTo(n);
    assertThat(w.groupCount()).isEqualTo(2);
  }
}
