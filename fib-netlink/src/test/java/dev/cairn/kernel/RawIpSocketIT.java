package dev.cairn.kernel;

import static dev.cairn.kernel.NetnsLab.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** OSPF's raw socket between two namespaces joined by a veth pair (needs root). */
@Tag("integration")
class RawIpSocketIT {
  private static final Duration T = Duration.ofSeconds(10);
  private String a;
  private String b;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    a = "cairn-ra" + tag;
    b = "cairn-rb" + tag;
    ip("netns", "add", a);
    ip("netns", "add", b);
    ip("-n", a, "link", "add", "a0", "type", "veth", "peer", "name", "b0", "netns", b);
    ip("-n", a, "addr", "add", "192.0.2.1/24", "dev", "a0");
    ip("-n", b, "addr", "add", "192.0.2.2/24", "dev", "b0");
    ip("-n", a, "link", "set", "a0", "up");
    ip("-n", b, "link", "set", "b0", "up");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    ip("netns", "del", a);
    ip("netns", "del", b);
  }

  private List<RawIpSocket.Packet> listen(RawIpSocket s) {
    List<RawIpSocket.Packet> got = new CopyOnWriteArrayList<>();
    s.start(got::add);
    return got;
  }

  private RawIpSocket sock(String ns, String ifname) {
    RawIpSocket s = RawIpSocket.open(ns, ifname, RawIpSocket.IPPROTO_OSPF);
    open.add(s);
    return s;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean has(List<RawIpSocket.Packet> got, String payload) {
    return got.stream()
        .anyMatch(p -> new String(p.payload(), StandardCharsets.US_ASCII).equals(payload));
  }

  private static RawIpSocket.Packet find(List<RawIpSocket.Packet> got, String payload) {
    return got.stream()
        .filter(p -> new String(p.payload(), StandardCharsets.US_ASCII).equals(payload))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void multicastAndUnicastBetweenTwoRouters() {
    RawIpSocket sa = sock(a, "a0");
    RawIpSocket spf = sock(b, "b0"); // joins AllSPFRouters only
    RawIpSocket dr = sock(b, "b0"); // joins AllDRouters only
    sa.join(RawIpSocket.ALL_SPF_ROUTERS);
    spf.join(RawIpSocket.ALL_SPF_ROUTERS);
    dr.join(RawIpSocket.ALL_D_ROUTERS);
    List<RawIpSocket.Packet> gotA = listen(sa);
    List<RawIpSocket.Packet> gotSpf = listen(spf);
    List<RawIpSocket.Packet> gotDr = listen(dr);
    // a fresh link: IPv4 multicast goes out at once, but poll in case the first hello is early
    NetnsLab.waitFor(
        T,
        () -> {
          sa.send(RawIpSocket.ALL_SPF_ROUTERS, bytes("hello-5"));
          return has(gotSpf, "hello-5");
        },
        "the first multicast across the veth");
    RawIpSocket.Packet p = find(gotSpf, "hello-5");
    assertThat(p.source()).isEqualTo(Ipv4Address.parse("192.0.2.1"));
    assertThat(p.destination()).isEqualTo(RawIpSocket.ALL_SPF_ROUTERS);
    assertThat(p.ifindex()).isEqualTo(spf.ifindex());
    assertThat(p.tos()).isEqualTo(0xC0);
    assertThat(p.ttl()).isEqualTo(1);

    sa.send(RawIpSocket.ALL_D_ROUTERS, bytes("hello-6"));
    sa.send(Ipv4Address.parse("192.0.2.2"), bytes("unicast"));
    NetnsLab.waitFor(T, () -> has(gotDr, "hello-6"), "AllDRouters packet at the DR socket");
    NetnsLab.waitFor(T, () -> has(gotSpf, "unicast"), "unicast packet");
    RawIpSocket.Packet u = find(gotSpf, "unicast");
    assertThat(u.source()).isEqualTo(Ipv4Address.parse("192.0.2.1"));
    assertThat(u.destination()).isEqualTo(Ipv4Address.parse("192.0.2.2"));
    assertThat(u.ifindex()).isEqualTo(spf.ifindex());
    assertThat(u.tos()).isEqualTo(0xC0);

    // back the other way: A hears B, and by then would have heard its own packets if looped back
    spf.send(RawIpSocket.ALL_SPF_ROUTERS, bytes("from-b"));
    NetnsLab.waitFor(T, () -> has(gotA, "from-b"), "B's multicast at A");
    assertThat(find(gotA, "from-b").source()).isEqualTo(Ipv4Address.parse("192.0.2.2"));
    assertThat(gotA)
        .allSatisfy(x -> assertThat(x.source()).isEqualTo(Ipv4Address.parse("192.0.2.2")));
    // the socket that did not join 224.0.0.6 never saw the packet sent there, and vice versa
    assertThat(has(gotSpf, "hello-6")).isFalse();
    assertThat(has(gotDr, "hello-5")).isFalse();
    assertThat(has(gotDr, "unicast")).isTrue(); // unicast reaches every socket of the protocol

    // after leaving the group, nothing more arrives for it
    spf.leave(RawIpSocket.ALL_SPF_ROUTERS);
    sa.send(RawIpSocket.ALL_SPF_ROUTERS, bytes("after-leave"));
    sa.send(Ipv4Address.parse("192.0.2.2"), bytes("marker"));
    NetnsLab.waitFor(T, () -> has(gotSpf, "marker"), "unicast marker");
    assertThat(has(gotSpf, "after-leave")).isFalse();
  }
}
