package dev.cairn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.Ipv4Address;
import org.junit.jupiter.api.Test;

/** The IP header split of a received raw datagram. */
class RawIpSocketTest {
  @Test
  void splitsHeaderAndPayload() {
    byte[] d =
        Hex.bytes(
            """
            46 c0 0020 0000 4000 01 59 0000   # v4, IHL 6 (one option word), TOS 0xc0, TTL 1, proto 89
            c0000201 e0000005                 # 192.0.2.1 -> 224.0.0.5
            94040000                          # router alert option
            0201 0008 cafe                    # payload (6 bytes)
            """);
    RawIpSocket.Packet p = RawIpSocket.parse(d, 3);
    assertThat(p.source()).isEqualTo(Ipv4Address.parse("192.0.2.1"));
    assertThat(p.destination()).isEqualTo(Ipv4Address.parse("224.0.0.5"));
    assertThat(p.ifindex()).isEqualTo(3);
    assertThat(p.tos()).isEqualTo(0xc0);
    assertThat(p.ttl()).isEqualTo(1);
    assertThat(p.payload()).containsExactly(0x02, 0x01, 0x00, 0x08, 0xca, 0xfe);
  }

  @Test
  void rejectsTruncatedAndNonIpv4() {
    assertThat(RawIpSocket.parse(new byte[10], 1)).isNull();
    byte[] v6 = new byte[40];
    v6[0] = 0x60;
    assertThat(RawIpSocket.parse(v6, 1)).isNull();
    byte[] badIhl = new byte[20];
    badIhl[0] = 0x4f; // IHL 60 > length
    assertThat(RawIpSocket.parse(badIhl, 1)).isNull();
  }
}
