package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.PacketFilter.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cairnd's OSPF transport between two namespaces (needs root and python3): packets a peer sends
 * with a raw socket of its own reach the OSPF loop only when they pass the reader-thread checks; a
 * multicast with TTL 2 and one from an off-subnet source are counted as dropped and never reach the
 * loop, the same packet with TTL 1 from the subnet does.
 */
@Tag("integration")
class RawOspfTransportIT {
  private String a;
  private String b;
  private ThreadEventLoop loop;
  private RawOspfTransport t;

  static void run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void setUp() {
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    a = "cairn-oa" + tag;
    b = "cairn-ob" + tag;
    run("ip", "netns", "add", a);
    run("ip", "netns", "add", b);
    run("ip", "-n", a, "link", "add", "a0", "type", "veth", "peer", "name", "b0", "netns", b);
    run("ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", "a0");
    run("ip", "-n", b, "addr", "add", "192.0.2.2/24", "dev", "b0");
    run("ip", "-n", b, "addr", "add", "198.51.100.2/24", "dev", "b0");
    run("ip", "-n", a, "link", "set", "a0", "up");
    run("ip", "-n", b, "link", "set", "b0", "up");
  }

  @AfterEach
  void tearDown() {
    if (t != null) {
      t.close();
    }
    if (loop != null) {
      loop.close();
    }
    run("ip", "netns", "del", a);
    run("ip", "netns", "del", b);
  }

  /** From b's namespace: one packet of protocol 89 to 224.0.0.5 with this TTL and source. */
  void send(String payload, int ttl, String source) {
    String py =
        "import socket\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 89)\n"
            + "s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'b0')\n"
            + "s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, "
            + ttl
            + ")\n"
            + "s.bind(('"
            + source
            + "', 0))\n"
            + "s.sendto(b'"
            + payload
            + "', ('224.0.0.5', 0))\n";
    run("ip", "netns", "exec", b, "python3", "-c", py);
  }

  static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void ttlAndSourceChecksDropBeforeTheLoop() throws Exception {
    loop = new ThreadEventLoop("ospf-it");
    List<String> got = new CopyOnWriteArrayList<>();
    List<String> log = new CopyOnWriteArrayList<>();
    t =
        RawOspfTransport.open(
            a, "a0", Ipv4Address.parse("192.0.2.1"), 24, 1500, false, loop, log::add);
    t.setReceiver(
        (src, p) -> {
          assertTrue(loop.inLoop());
          got.add(new Ipv4Address(src) + " " + new String(p, StandardCharsets.US_ASCII));
        });

    send("ttl-two", 2, "192.0.2.2");
    await(() -> t.drops.count(Reason.TTL) == 1, "the TTL 2 packet counted");
    send("off-subnet", 1, "198.51.100.2");
    await(() -> t.drops.count(Reason.SOURCE_SUBNET) == 1, "the off-subnet packet counted");
    send("good", 1, "192.0.2.2");
    await(() -> !got.isEmpty(), "the good packet on the loop");
    assertEquals(List.of("192.0.2.2 good"), got);
    assertEquals(0, t.drops.count(Reason.QUEUE_FULL));
    assertTrue(log.stream().anyMatch(l -> l.contains("192.0.2.2 (ttl)")), log.toString());
  }
}
