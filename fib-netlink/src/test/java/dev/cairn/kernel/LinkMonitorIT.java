package dev.cairn.kernel;

import static dev.cairn.kernel.NetnsLab.ip;
import static dev.cairn.kernel.NetnsLab.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The link/address monitor against a real kernel in a fresh namespace (needs root). */
@Tag("integration")
class LinkMonitorIT {
  private static final Duration T = Duration.ofSeconds(10);
  private String ns;
  private LinkMonitor monitor;

  /** Records every call and the thread it came on. */
  static class Events implements InterfaceListener {
    final List<Object> seen = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void linkChanged(Link link) {
      threads.add(Thread.currentThread().getName());
      seen.add(link);
    }

    @Override
    public void linkRemoved(int ifindex, String name) {
      threads.add(Thread.currentThread().getName());
      seen.add("removed " + ifindex + " " + name);
    }

    @Override
    public void addressAdded(Address a) {
      threads.add(Thread.currentThread().getName());
      seen.add("+" + a);
    }

    @Override
    public void addressRemoved(Address a) {
      threads.add(Thread.currentThread().getName());
      seen.add("-" + a);
    }

    boolean has(Object o) {
      return seen.contains(o);
    }
  }

  @BeforeEach
  void setUp() {
    ns = "cairn-lm" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    ip("netns", "add", ns);
  }

  @AfterEach
  void tearDown() {
    try {
      if (monitor != null) {
        monitor.close();
      }
    } finally {
      ip("netns", "del", ns);
    }
  }

  private String ipn(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-n";
    all[1] = ns;
    System.arraycopy(args, 0, all, 2, args.length);
    return ip(all);
  }

  private Link link(String name) {
    return monitor.links().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
  }

  @Test
  void reportsLinksAddressesAndConnectedPrefixesThroughTheirLife() {
    Events ev = new Events();
    monitor = LinkMonitor.start(ns, ev);
    // the initial dump: a fresh namespace has only lo, down
    assertThat(monitor.links()).extracting(Link::name).containsExactly("lo");
    assertThat(ev.seen).hasSize(1);
    assertThat(ev.threads).containsOnly("cairn-link-monitor-" + ns);

    ipn("link", "add", "vm0", "type", "veth", "peer", "name", "vm1");
    waitFor(T, () -> link("vm0") != null, "vm0 reported");
    Link vm0 = link("vm0");
    assertThat(vm0.isUp()).isFalse();
    assertThat(vm0.mtu()).isEqualTo(1500);
    assertThat(ev.has(vm0)).isTrue();
    int idx = vm0.index();

    ipn("addr", "add", "192.0.2.1/24", "dev", "vm0");
    ipn("addr", "add", "2001:db8::1/64", "dev", "vm0", "nodad");
    Address v4 = new Address(idx, IpAddress.parse("192.0.2.1"), 24, Rtnl.RT_SCOPE_UNIVERSE);
    Address v6 = new Address(idx, IpAddress.parse("2001:db8::1"), 64, Rtnl.RT_SCOPE_UNIVERSE);
    waitFor(T, () -> ev.has("+" + v4) && ev.has("+" + v6), "both addresses reported");
    assertThat(monitor.connectedPrefixes()).isEmpty(); // the link is down

    ipn("link", "set", "vm1", "up");
    ipn("link", "set", "vm0", "up");
    waitFor(T, () -> link("vm0").isUp() && link("vm0").isRunning(), "vm0 up and running");
    waitFor(
        T,
        () -> monitor.addresses().stream().anyMatch(a -> a.ifindex() == idx && a.isLinkLocalIpv6()),
        "vm0's link-local address reported");
    assertThat(ev.seen)
        .anySatisfy(
            o ->
                assertThat(o.toString()).startsWith("+Address[ifindex=" + idx + ", address=fe80:"));
    waitFor(T, () -> monitor.connectedPrefixes().size() == 2, "two connected prefixes");
    assertThat(monitor.connectedPrefixes())
        .containsExactlyInAnyOrder(IpPrefix.parse("192.0.2.0/24"), IpPrefix.parse("2001:db8::/64"));

    ipn("link", "set", "vm0", "down");
    waitFor(T, () -> !link("vm0").isUp(), "vm0 down");
    assertThat(monitor.connectedPrefixes()).isEmpty();
    assertThat(ev.seen).anySatisfy(o -> assertThat(o).isEqualTo(link("vm0")));

    ipn("link", "del", "vm0");
    waitFor(T, () -> ev.has("removed " + idx + " vm0"), "vm0 removed");
    waitFor(T, () -> link("vm1") == null, "its peer vm1 removed too");
    assertThat(ev.has("-" + v4)).isTrue();
    assertThat(ev.seen.indexOf("-" + v4)).isLessThan(ev.seen.indexOf("removed " + idx + " vm0"));
    assertThat(monitor.addresses()).noneMatch(a -> a.ifindex() == idx);
    assertThat(monitor.links()).extracting(Link::name).containsExactly("lo");
    assertThat(ev.threads).containsOnly("cairn-link-monitor-" + ns);
  }

  @Test
  void anOverrunSocketRedumpsAndMissesNothing() throws Exception {
    ipn("link", "add", "vm0", "type", "veth", "peer", "name", "vm1");
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Events ev =
        new Events() {
          @Override
          public void addressAdded(Address a) {
            super.addressAdded(a);
            if (a.address().equals(IpAddress.parse("203.0.113.1"))) {
              blocked.countDown();
              try {
                release.await(30, TimeUnit.SECONDS); // the listener stalls: the socket fills
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    monitor = LinkMonitor.start(ns, ev, 4096);
    ipn("addr", "add", "203.0.113.1/32", "dev", "vm0");
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    Path batch = Files.createTempFile("cairn-addrs", ".batch");
    try {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= 250; i++) {
        sb.append("addr add 198.51.100.").append(i).append("/32 dev vm0\n");
      }
      Files.writeString(batch, sb.toString());
      ip("-n", ns, "-batch", batch.toString());
    } finally {
      release.countDown();
      deleteQuietly(batch);
    }
    try {
      waitFor(
          T,
          () ->
              monitor.addresses().stream().filter(a -> a.ifindex() == link("vm0").index()).count()
                  == 251,
          "all 251 addresses known");
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + " resyncs="
              + monitor.resyncs()
              + " addrs="
              + monitor.addresses().size()
              + " links="
              + monitor.links()
              + " seen="
              + ev.seen.size(),
          e);
    }
    assertThat(monitor.resyncs()).isPositive();
    long reported =
        ev.seen.stream().filter(o -> o.toString().startsWith("+Address")).distinct().count();
    assertThat(reported).isEqualTo(251);
    Set<IpPrefix> none = monitor.connectedPrefixes(); // vm0 is down: nothing connected
    assertThat(none).isEmpty();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // temp file
    }
  }
}
