package dev.cairn.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TTL policy of a neighbor is on both of its sockets, the one cairn connects and the one it
 * accepts, before any BGP message: eBGP TTL 1, {@code ebgp-multihop} N, GTSM 255 with a minimum,
 * iBGP the kernel's default even while the listening socket sends 255 for a GTSM neighbor (an
 * accepted socket inherits the listener's TTL). Read back with getsockopt on loopback.
 */
@Tag("integration")
class NettyTransportTtlIT {
  static final IpAddress LISTENER = IpAddress.parse("127.0.0.1");
  static final IntegerUnixChannelOption IP_TTL = new IntegerUnixChannelOption("IP_TTL", 0, 2);
  static final IntegerUnixChannelOption IP_MINTTL =
      new IntegerUnixChannelOption("IP_MINTTL", 0, 21);

  final ThreadEventLoop loop = new ThreadEventLoop("ttl-test");
  final LinkedBlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
  NettyTransport server;
  NettyTransport client;
  int defaultTtl;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Epoll.isAvailable(), "epoll");
    defaultTtl =
        Integer.parseInt(
            Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_default_ttl")).get(0).trim());
    server = new NettyTransport(loop, 0);
    // another neighbor with GTSM: the listening socket answers with TTL 255
    server.setTtl(IpAddress.parse("127.0.0.99"), TtlPolicy.gtsm(1));
    server.listen(LISTENER, accepted::add);
    client = new NettyTransport(loop, server.boundPort());
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    loop.close();
  }

  /**
   * Connects from {@code from} with {@code policy} on both ends; returns {connecting, accepted}.
   */
  NettyConnection[] connect(String from, TtlPolicy policy) throws Exception {
    IpAddress local = IpAddress.parse(from);
    server.setTtl(local, policy);
    client.setTtl(LISTENER, policy);
    CompletableFuture<Connection> out = new CompletableFuture<>();
    client.connect(
        LISTENER,
        local,
        new Transport.ConnectCallback() {
          @Override
          public void connected(Connection c) {
            out.complete(c);
          }

          @Override
          public void failed(String reason) {
            out.completeExceptionally(new AssertionError(reason));
          }
        });
    NettyConnection c = (NettyConnection) out.get(10, TimeUnit.SECONDS);
    NettyConnection a = (NettyConnection) accepted.poll(10, TimeUnit.SECONDS);
    assertThat(a).isNotNull();
    assertThat(a.remoteAddress()).isEqualTo(local);
    return new NettyConnection[] {c, a};
  }

  static int ttl(NettyConnection c) {
    return c.channel().config().getOption(IP_TTL);
  }

  static int minTtl(NettyConnection c) {
    return c.channel().config().getOption(IP_MINTTL);
  }

  @Test
  void ebgpSendsWithTtlOne() throws Exception {
    for (NettyConnection c :
        connect(
            "127.0.0.2", TtlPolicy.forNeighbor(true, OptionalInt.empty(), OptionalInt.empty()))) {
      assertThat(ttl(c)).as("outbound %s", c.outbound()).isEqualTo(1);
      assertThat(minTtl(c)).isZero();
    }
  }

  @Test
  void ebgpMultihopSendsWithItsTtl() throws Exception {
    for (NettyConnection c :
        connect("127.0.0.3", TtlPolicy.forNeighbor(true, OptionalInt.of(3), OptionalInt.empty()))) {
      assertThat(ttl(c)).as("outbound %s", c.outbound()).isEqualTo(3);
      assertThat(minTtl(c)).isZero();
    }
  }

  @Test
  void gtsmSends255AndRequiresTheMinimum() throws Exception {
    for (NettyConnection c :
        connect("127.0.0.4", TtlPolicy.forNeighbor(true, OptionalInt.empty(), OptionalInt.of(2)))) {
      assertThat(ttl(c)).as("outbound %s", c.outbound()).isEqualTo(255);
      assertThat(minTtl(c)).isEqualTo(254);
    }
  }

  @Test
  void ibgpKeepsTheDefaultTtlThoughTheListenerSends255() throws Exception {
    for (NettyConnection c :
        connect(
            "127.0.0.5", TtlPolicy.forNeighbor(false, OptionalInt.empty(), OptionalInt.empty()))) {
      assertThat(ttl(c)).as("outbound %s", c.outbound()).isEqualTo(defaultTtl);
      assertThat(minTtl(c)).isZero();
    }
  }
}
