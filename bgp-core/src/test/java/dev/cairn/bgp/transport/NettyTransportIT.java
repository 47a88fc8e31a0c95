package dev.cairn.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.fsm.PeerListener;
import dev.cairn.bgp.fsm.PeerSession;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.NlriList;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.Update;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two BGP sessions over real TCP on loopback (127.0.0.1 ↔ 127.0.0.2) through the Netty epoll
 * transport: they establish, carry UPDATEs with 4-octet AS numbers, and with TCP-MD5 (RFC 2385) a
 * matching key connects while a wrong key never does.
 */
@Tag("integration")
class NettyTransportIT {
  static final IpAddress A = IpAddress.parse("127.0.0.1");
  static final IpAddress B = IpAddress.parse("127.0.0.2");
  static final List<Capability> CAPS = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST));

  final ThreadEventLoop loopA = new ThreadEventLoop("bgp-a");
  final ThreadEventLoop loopB = new ThreadEventLoop("bgp-b");
  NettyTransport ta;
  NettyTransport tb;
  PeerSession a;
  PeerSession b;
  final List<BgpMessage> receivedByB = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    if (a != null) {
      on(
          loopA,
          () -> {
            a.stop("test over");
            return null;
          });
    }
    if (b != null) {
      on(
          loopB,
          () -> {
            b.stop("test over");
            return null;
          });
    }
    if (ta != null) {
      ta.close();
    }
    if (tb != null) {
      tb.close();
    }
    loopA.close();
    loopB.close();
  }

  static <T> T on(ThreadEventLoop loop, java.util.function.Supplier<T> s) throws Exception {
    return CompletableFuture.supplyAsync(s, loop::execute).get(5, TimeUnit.SECONDS);
  }

  static void poll(Duration max, BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", max).isLessThan(end);
      Thread.sleep(20);
    }
  }

  SessionState stateA() {
    try {
      return on(loopA, () -> a.state());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void start(String keyA, String keyB) throws Exception {
    tb = new NettyTransport(loopB, 0);
    if (keyB != null) {
      tb.setPassword(A, keyB);
    }
    PeerConfig cb =
        PeerConfig.of(4200000002L, 65001, (Ipv4Address) IpAddress.parse("192.0.2.2"), A, CAPS)
            .withPassive(true);
    b =
        new PeerSession(
            loopB,
            cb,
            tb,
            new PeerListener() {
              @Override
              public void message(BgpMessage m) {
                receivedByB.add(m);
              }
            });
    tb.listen(B, c -> b.accept(c));
    ta = new NettyTransport(loopA, tb.boundPort());
    if (keyA != null) {
      ta.setPassword(B, keyA);
    }
    PeerConfig ca =
        new PeerConfig(
            65001,
            4200000002L,
            (Ipv4Address) IpAddress.parse("192.0.2.1"),
            B,
            A,
            90,
            0,
            Duration.ofSeconds(1),
            false,
            CAPS,
            Duration.ofMillis(200),
            Duration.ofSeconds(1));
    a = new PeerSession(loopA, ca, ta, new PeerListener() {});
    on(
        loopB,
        () -> {
          b.start();
          return null;
        });
    on(
        loopA,
        () -> {
          a.start();
          return null;
        });
  }

  @Test
  void sessionsEstablishOverTcpAndCarryFourOctetAsUpdates() throws Exception {
    start(null, null);
    poll(Duration.ofSeconds(10), () -> stateA() == SessionState.ESTABLISHED);
    Update u =
        Update.announce(
            PathAttributes.builder()
                .origin(0)
                .asPath(AsPath.sequence(65001, 4200000009L))
                .nextHop(Ipv4Address.parse("192.0.2.1"))
                .build(),
            NlriList.of(Afi.IPV4, IpPrefix.parse("198.51.100.0/24")));
    assertThat(on(loopA, () -> a.send(u))).isTrue();
    poll(Duration.ofSeconds(5), () -> !receivedByB.isEmpty());
    assertThat(receivedByB.get(0)).isEqualTo(u);
  }

  @Test
  void matchingMd5KeysConnect() throws Exception {
    start("secret", "secret");
    poll(Duration.ofSeconds(10), () -> stateA() == SessionState.ESTABLISHED);
  }

  @Test
  void wrongMd5KeyKeepsTheSessionDown() throws Exception {
    start("secret", "other");
    // the kernel drops segments with a bad signature: connects time out and are retried
    poll(
        Duration.ofSeconds(15),
        () -> {
          try {
            return on(loopA, () -> a.lastError()).startsWith("connect failed");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(stateA()).isIn(SessionState.CONNECT, SessionState.ACTIVE);
    assertThat(on(loopB, () -> b.state())).isEqualTo(SessionState.ACTIVE);
  }
}
