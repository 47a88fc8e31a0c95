package dev.cairn.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.transport.NettyTransport;
import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.LargeCommunities;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.Update;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Send-side backpressure over real TCP (loopback): a neighbor that stops reading while the routes
 * it should get keep changing. The speaker must not queue every version of every UPDATE behind the
 * socket: it stops encoding once its connection holds a megabyte unsent, lets the changes replace
 * each other where they wait, and when the neighbor reads again sends the latest state and then
 * End-of-RIB.
 */
@Tag("integration")
class SlowNeighborIT {
  static final IpAddress SPEAKER = IpAddress.parse("127.0.0.1");
  static final IpAddress NEIGHBOR = IpAddress.parse("127.0.0.3");
  static final int ROUNDS = 12;

  final ThreadEventLoop loop = new ThreadEventLoop("bgp-slow-it");
  NettyTransport transport;
  BgpSpeaker speaker;
  ServerSocket server;
  Socket socket;

  @AfterEach
  void tearDown() throws Exception {
    if (speaker != null) {
      on(
          () -> {
            speaker.shutdown(NEIGHBOR, "test over");
            return null;
          });
    }
    if (socket != null) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
    if (transport != null) {
      transport.close();
    }
    loop.close();
  }

  <T> T on(Supplier<T> s) throws Exception {
    return CompletableFuture.supplyAsync(s, loop::execute).get(10, TimeUnit.SECONDS);
  }

  /** 768 documentation /32s, each announced in its own UPDATE of about 3.7 KB. */
  static List<IpPrefix> prefixes() {
    List<IpPrefix> out = new ArrayList<>();
    for (String net : List.of("192.0.2.", "198.51.100.", "203.0.113.")) {
      for (int i = 0; i < 256; i++) {
        out.add(IpPrefix.parse(net + i + "/32"));
      }
    }
    return out;
  }

  /** 300 large communities that tell the round and the prefix: distinct attributes each time. */
  static LargeCommunities tag(int round, int prefix) {
    long[] t = new long[900];
    for (int i = 0; i < 300; i++) {
      t[3 * i] = 64496;
      t[3 * i + 1] = round;
      t[3 * i + 2] = prefix * 1000L + i;
    }
    return LargeCommunities.of(t);
  }

  @Test
  void aNeighborThatStopsReadingGetsTheLatestStateNotEveryVersion() throws Exception {
    server = new ServerSocket();
    server.setReceiveBufferSize(16 * 1024); // (taken by the accepted socket: a small window)
    server.bind(new InetSocketAddress(InetAddress.getByName(NEIGHBOR.toString()), 0));
    transport = new NettyTransport(loop, server.getLocalPort());
    List<Capability> caps = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST));
    PeerConfig pc = PeerConfig.of(64501, 64502, (Ipv4Address) SPEAKER, NEIGHBOR, caps);
    speaker =
        on(
            () -> {
              BgpSpeaker s =
                  new BgpSpeaker(
                      loop,
                      64501,
                      (Ipv4Address) SPEAKER,
                      transport,
                      NO_RIB,
                      DecisionOptions.DEFAULT);
              s.addNeighbor(new Neighbor(pc, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL));
              s.start();
              return s;
            });
    socket = server.accept();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    CodecContext ctx = CodecContext.DEFAULT.withFourOctetAs(true);
    write(out, Open.of(64502, 90, (Ipv4Address) IpAddress.parse("192.0.2.3"), caps), ctx);
    assertThat(read(in, ctx)).isInstanceOf(Open.class);
    write(out, Keepalive.INSTANCE, ctx);
    assertThat(read(in, ctx)).isInstanceOf(Keepalive.class);
    assertThat(read(in, ctx)).isInstanceOf(Update.class); // End-of-RIB of the empty table
    assertThat(on(() -> speaker.state(NEIGHBOR))).isEqualTo(SessionState.ESTABLISHED);

    // the neighbor stops reading; every prefix changes its attributes ROUNDS times (some 34 MB
    // of UPDATEs if every version went out), then the speaker answers a refresh
    List<IpPrefix> ps = prefixes();
    for (int round = 1; round <= ROUNDS; round++) {
      int r = round;
      on(
          () -> {
            for (int i = 0; i < ps.size(); i++) {
              speaker.redistribute(ps.get(i), true, null, tag(r, i));
            }
            return null;
          });
    }
    on(() -> speaker.softOut(NEIGHBOR));
    // it holds back: changes wait in the speaker, not as UPDATEs behind the socket
    int queued = on(() -> queued());
    assertThat(queued).isGreaterThan(0);

    // the neighbor reads again, until End-of-RIB
    Map<IpPrefix, Integer> latestRound = new HashMap<>();
    long bytes = 0;
    int updates = 0;
    socket.setSoTimeout(30_000);
    while (true) {
      int[] size = {0};
      BgpMessage m = read(in, ctx, size);
      bytes += size[0];
      if (m instanceof Keepalive) {
        continue;
      }
      Update u = (Update) m;
      if (Family.IPV4_UNICAST.equals(u.endOfRibFamily())) {
        break;
      }
      updates++;
      for (int k = 0; k < u.nlri().size(); k++) {
        latestRound.put(u.nlri().prefix(k), (int) u.attributes().largeCommunities().local1(0));
      }
    }
    // End-of-RIB came after the latest version of every prefix
    assertThat(latestRound).hasSize(ps.size());
    assertThat(latestRound.values()).containsOnly(ROUNDS);
    // far less than every version: the kernel's socket buffers, the connection's megabyte and the
    // chunk being written, then the latest state once (and the refresh's copy of it)
    long everyVersion = (long) ROUNDS * ps.size() * 3600;
    assertThat(bytes).isLessThan(everyVersion / 2);
    assertThat(updates).isLessThan(ROUNDS * ps.size() / 2);
    assertThat(on(() -> queued())).isZero();
  }

  private int queued() {
    return speaker.neighbors().get(0).changesQueued();
  }

  static void write(OutputStream out, BgpMessage m, CodecContext ctx) throws IOException {
    ByteBuf b = BgpCodec.encode(m, ctx, UnpooledByteBufAllocator.DEFAULT);
    byte[] a = new byte[b.readableBytes()];
    b.readBytes(a).release();
    out.write(a);
    out.flush();
  }

  static BgpMessage read(DataInputStream in, CodecContext ctx) throws Exception {
    return read(in, ctx, new int[1]);
  }

  static BgpMessage read(DataInputStream in, CodecContext ctx, int[] size) throws Exception {
    byte[] header = new byte[BgpCodec.HEADER_LENGTH];
    in.readFully(header);
    int len = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    byte[] frame = new byte[len];
    System.arraycopy(header, 0, frame, 0, header.length);
    in.readFully(frame, header.length, len - header.length);
    size[0] = len;
    ByteBuf b = Unpooled.wrappedBuffer(frame);
    try {
      return BgpCodec.decode(b, ctx);
    } finally {
      b.release();
    }
  }

  static final RouteSink NO_RIB =
      new RouteSink() {
        @Override
        public void offer(Route r) {}

        @Override
        public void withdraw(Protocol p, IpPrefix prefix) {}
      };
}
