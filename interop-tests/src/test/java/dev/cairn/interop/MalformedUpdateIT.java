package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.interop.lab.Lab;
import dev.cairn.net.Family;
import dev.cairn.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A raw test peer sends cairnd malformed UPDATEs over a real TCP session (loopback): a bad
 * attribute length, a bad ORIGIN value and a missing mandatory attribute are treated as withdraw
 * (the session stays up, the earlier route goes away); a bad NLRI length gets the NOTIFICATION
 * UPDATE Message Error / Invalid Network Field. cairnd keeps running and its other session is
 * untouched.
 */
@Tag("integration")
class MalformedUpdateIT {
  static final String ORIGIN = "40010100";
  static final String AS_PATH = "40020602010000fdea"; // SEQUENCE 65002
  static final String NEXT_HOP = "4003047f000002"; // 127.0.0.2
  static final String NLRI = "18cb0071"; // 203.0.113.0/24

  /** A BGP speaker made of a socket, for sending what no real speaker would. */
  static final class RawPeer implements AutoCloseable {
    final Socket socket = new Socket();
    final DataInputStream in;
    final OutputStream out;

    RawPeer(String local, int port, long asn) throws IOException {
      socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
      send(
          Open.of(
              asn,
              0, // hold time 0: no keepalives needed from this test
              Ipv4Address.parse(local),
              List.of(
                  Capability.Multiprotocol.of(Family.IPV4_UNICAST),
                  new Capability.FourOctetAs(asn))));
      assertThat(read()).isInstanceOf(Open.class);
      send(Keepalive.INSTANCE);
      assertThat(read()).isInstanceOf(Keepalive.class);
    }

    void send(BgpMessage m) throws IOException {
      ByteBuf b = BgpCodec.encode(m, CodecContext.FOUR_OCTET_AS, UnpooledByteBufAllocator.DEFAULT);
      out.write(ByteBufUtil.getBytes(b));
      b.release();
      out.flush();
    }

    void sendUpdate(String withdrawn, String attrs, String nlri) throws IOException {
      HexFormat h = HexFormat.of();
      byte[] w = h.parseHex(withdrawn);
      byte[] a = h.parseHex(attrs);
      byte[] n = h.parseHex(nlri);
      int len = 23 + w.length + a.length + n.length;
      ByteBuf b = Unpooled.buffer(len);
      b.writeBytes(h.parseHex("ffffffffffffffffffffffffffffffff"));
      b.writeShort(len).writeByte(2).writeShort(w.length).writeBytes(w);
      b.writeShort(a.length).writeBytes(a).writeBytes(n);
      out.write(ByteBufUtil.getBytes(b));
      out.flush();
    }

    /** The next message, or null when the connection closed. */
    BgpMessage read() throws IOException {
      byte[] header = new byte[19];
      try {
        in.readFully(header);
      } catch (java.io.EOFException e) {
        return null;
      }
      int len = (header[16] & 0xff) << 8 | (header[17] & 0xff);
      byte[] all = new byte[len];
      System.arraycopy(header, 0, all, 0, 19);
      in.readFully(all, 19, len - 19);
      try {
        return BgpCodec.decode(Unpooled.wrappedBuffer(all), CodecContext.FOUR_OCTET_AS);
      } catch (dev.cairn.bgp.wire.BgpDecodeException e) {
        throw new IOException(e);
      }
    }

    /** The next message other than KEEPALIVE and End-of-RIB, or null within the timeout. */
    BgpMessage readSignificant(Duration within) throws IOException {
      socket.setSoTimeout((int) within.toMillis());
      try {
        while (true) {
          BgpMessage m = read();
          if (m == null || m instanceof Notification) {
            return m;
          }
        }
      } catch (SocketTimeoutException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void malformedUpdatesGetWhatRfc7606Prescribes() throws Exception {
    try (Lab lab = new Lab()) {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      Path conf = lab.dir().resolve("cairn.yaml");
      Files.writeString(
          conf,
          """
          router-id: 192.0.2.1
          kernel: { enabled: false }  # this cairnd runs in the test host's own namespace
          control: { socket: %s }
          metrics: { listen: "127.0.0.1:0" }
          bgp:
            asn: 65001
            listen: { address: 127.0.0.1, port: %d }
            neighbors:
              - { address: 127.0.0.2, asn: 65002, passive: true, import: accept-all, export: accept-all }
              - { address: 127.0.0.3, asn: 65003, passive: true, import: accept-all, export: accept-all }
          """
              .formatted(lab.dir().resolve("cairn.sock"), port));
      Path log = lab.dir().resolve("cairnd.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process cairnd =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.cairn.daemon.Cairnd",
                  "--config",
                  conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        Lab.await(
            Duration.ofSeconds(30), () -> Lab.read(log), () -> Lab.read(log).contains("listening"));
        try (RawPeer bad = new RawPeer("127.0.0.2", port, 65002);
            RawPeer good = new RawPeer("127.0.0.3", port, 65003)) {
          good.sendUpdate("", ORIGIN + "40020602010000fdeb" + "4003047f000003", "18c63364");
          Lab.await(
              Duration.ofSeconds(10),
              () -> Lab.read(log),
              () -> Lab.read(log).contains("rib: 198.51.100.0/24 ebgp [via 127.0.0.3]"));

          for (String malformed :
              List.of(
                  "4001020000" + AS_PATH + NEXT_HOP, // ORIGIN with length 2
                  "40010107" + AS_PATH + NEXT_HOP, // ORIGIN value 7
                  ORIGIN + AS_PATH)) { // NEXT_HOP missing
            int installs = count(Lab.read(log), "rib: 203.0.113.0/24 ebgp [via 127.0.0.2]");
            bad.sendUpdate("", ORIGIN + AS_PATH + NEXT_HOP, NLRI); // a good route first
            Lab.await(
                Duration.ofSeconds(10),
                () -> Lab.read(log),
                () -> count(Lab.read(log), "rib: 203.0.113.0/24 ebgp [via 127.0.0.2]") > installs);
            int withdrawals = count(Lab.read(log), "rib: withdraw 203.0.113.0/24");
            bad.sendUpdate("", malformed, NLRI); // treat-as-withdraw: the route goes away
            Lab.await(
                Duration.ofSeconds(10),
                () -> Lab.read(log),
                () -> count(Lab.read(log), "rib: withdraw 203.0.113.0/24") > withdrawals);
          }
          assertThat(Lab.read(log)).contains("TREAT_AS_WITHDRAW");
          // ... and no NOTIFICATION: the session is still up
          assertThat(bad.readSignificant(Duration.ofMillis(500))).isNull();

          // a prefix length of 33 cannot be parsed: session reset with Invalid Network Field
          bad.sendUpdate("", ORIGIN + AS_PATH + NEXT_HOP, "21cb00710000");
          BgpMessage answer = bad.readSignificant(Duration.ofSeconds(10));
          assertThat(answer)
              .isInstanceOfSatisfying(
                  Notification.class,
                  n -> {
                    assertThat(n.code()).isEqualTo(ErrorCodes.UPDATE_MESSAGE_ERROR);
                    assertThat(n.subcode()).isEqualTo(ErrorCodes.INVALID_NETWORK_FIELD);
                  });
          // cairnd is alive and the other session untouched: its route is still there
          assertThat(cairnd.isAlive()).isTrue();
          assertThat(Lab.read(log)).doesNotContain("127.0.0.3: Established ->");
          assertThat(Lab.read(log)).doesNotContain("rib: withdraw 198.51.100.0/24");
          good.sendUpdate("", ORIGIN + "40020602010000fdeb" + "4003047f000003", "19c6336480");
          Lab.await(
              Duration.ofSeconds(10),
              () -> Lab.read(log),
              () -> Lab.read(log).contains("rib: 198.51.100.128/25 ebgp [via 127.0.0.3]"));
        }
      } finally {
        cairnd.destroy();
        cairnd.waitFor();
      }
    }
  }

  static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }
}
