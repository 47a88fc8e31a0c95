package dev.cairn.interop.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.Update;
import dev.cairn.net.Ipv4Address;
import io.netty.buffer.Unpooled;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What {@link Octets} builds, read back by cairn's codec (an independent reader of the bytes). */
class OctetsTest {
  static BgpMessage decode(byte[] b, CodecContext ctx) throws Exception {
    return BgpCodec.decode(Unpooled.wrappedBuffer(b), ctx);
  }

  @Test
  void openCarriesTheCapabilitiesAsked() throws Exception {
    Open o = (Open) decode(Octets.open(4200000001L, 3, "192.0.2.2"), CodecContext.DEFAULT);
    assertThat(o.holdTime()).isEqualTo(3);
    assertThat(o.capability(Capability.FourOctetAs.class)).isPresent();
    assertThat(o.capability(Capability.FourOctetAs.class).get().asn()).isEqualTo(4200000001L);
    Open two = (Open) decode(Octets.open(65002, 90, "192.0.2.2", false), CodecContext.DEFAULT);
    assertThat(two.capability(Capability.FourOctetAs.class)).isEmpty();
    assertThat(two.capability(Capability.Multiprotocol.class)).isPresent();
  }

  @Test
  void updateWithAttributesAsGiven() throws Exception {
    byte[] m =
        Octets.announce(
            Octets.concat(
                Octets.origin(0),
                Octets.asPath(65002, 4200000000L),
                Octets.nextHop("192.0.2.2"),
                Octets.localPref(1000),
                Octets.originatorId("192.0.2.99"),
                Octets.clusterList("192.0.2.98")),
            "203.0.113.0/24",
            "198.51.100.128/25");
    Update u = (Update) decode(m, CodecContext.FOUR_OCTET_AS);
    assertThat(u.errors()).isEmpty();
    assertThat(u.attributes().asPath().toString()).isEqualTo("65002 4200000000");
    assertThat(u.attributes().localPref()).isEqualTo(1000);
    assertThat(u.attributes().originatorId()).isEqualTo(Ipv4Address.parse("192.0.2.99"));
    assertThat(u.nlri().size()).isEqualTo(2);
  }

  @Test
  void twoThousandTwoOctetAsesFitOneMessage() throws Exception {
    long[] path = LongStream.range(0, 2000).map(i -> 64700 + i % 200).toArray();
    byte[] m =
        Octets.announce(
            Octets.concat(Octets.origin(0), Octets.asPath2(path), Octets.nextHop("192.0.2.2")),
            "203.0.113.64/28");
    assertThat(m.length).isLessThanOrEqualTo(4096);
    Update u = (Update) decode(m, CodecContext.DEFAULT);
    assertThat(u.errors()).isEmpty();
    assertThat(u.attributes().asPath().length()).isEqualTo(2000);
  }

  @Test
  void withdrawal() throws Exception {
    Update u = (Update) decode(Octets.withdraw("203.0.113.0/24"), CodecContext.DEFAULT);
    assertThat(u.withdrawn().size()).isEqualTo(1);
    assertThat(u.attributes()).isNull();
  }
}
