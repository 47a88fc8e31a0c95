package dev.cairn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.Update;
import dev.cairn.net.Family;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The feeder's hand-encoded stream decodes clean with cairn's own codec, and the receiver's
 * counting decoder counts exactly what was announced and withdrawn.
 */
class FeedEncoderTest {
  private static final byte[] NH4 = {(byte) 192, 0, 2, 2};
  private static final byte[] NH6 = {
    0x20, 0x01, 0x0d, (byte) 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
  };

  private static List<byte[]> frames(byte[] stream) {
    List<byte[]> out = new ArrayList<>();
    for (int p = 0; p < stream.length; ) {
      int len = Wire.u16(stream, p + 16);
      out.add(Arrays.copyOfRange(stream, p, p + len));
      p += len;
    }
    return out;
  }

  private static List<Update> decode(byte[] stream) throws Exception {
    List<Update> out = new ArrayList<>();
    for (byte[] f : frames(stream)) {
      BgpMessage m = BgpCodec.decode(Unpooled.wrappedBuffer(f), CodecContext.FOUR_OCTET_AS);
      assertThat(m).isInstanceOf(Update.class);
      Update u = (Update) m;
      assertThat(u.errors()).isEmpty();
      out.add(u);
    }
    return out;
  }

  @Test
  void ipv4FeedIsValidWithDistinctAttributesAndEndOfRib() throws Exception {
    List<Update> ups = decode(new FeedEncoder(PrefixSpace.IPV4, 65101, NH4).announce(0, 10));
    assertThat(ups).hasSize(4); // 4 + 4 + 2 prefixes, End-of-RIB
    assertThat(ups.get(0).nlri().size()).isEqualTo(4);
    assertThat(ups.get(2).nlri().size()).isEqualTo(2);
    assertThat(ups.get(0).attributes().asPath()).isNotEqualTo(ups.get(1).attributes().asPath());
    assertThat(ups.get(0).attributes().asPath().firstAs()).isEqualTo(65101);
    assertThat(ups.get(1).attributes().med()).isEqualTo(1);
    assertThat(ups.get(0).attributes().nextHop().toString()).isEqualTo("192.0.2.2");
    assertThat(ups.get(3).endOfRibFamily()).isEqualTo(Family.IPV4_UNICAST);

    List<Update> wd = decode(new FeedEncoder(PrefixSpace.IPV4, 65101, NH4).withdraw(0, 2500));
    assertThat(wd.stream().mapToInt(u -> u.withdrawn().size()).sum()).isEqualTo(2500);
  }

  @Test
  void aMedOffsetGivesTheSamePrefixesOtherAttributeSets() throws Exception {
    List<Update> base = decode(new FeedEncoder(PrefixSpace.IPV4, 65101, NH4).announce(8, 16));
    List<Update> moved =
        decode(new FeedEncoder(PrefixSpace.IPV4, 65101, NH4, 3_000_000).announce(8, 16));
    assertThat(moved).hasSameSizeAs(base);
    for (int i = 0; i < 2; i++) {
      assertThat(moved.get(i).nlri()).isEqualTo(base.get(i).nlri());
      assertThat(moved.get(i).attributes().asPath()).isEqualTo(base.get(i).attributes().asPath());
      assertThat(moved.get(i).attributes().med())
          .isEqualTo(base.get(i).attributes().med() + 3_000_000);
      assertThat(moved.get(i).attributes()).isNotEqualTo(base.get(i).attributes());
    }
  }

  @Test
  void ipv6FeedIsValid() throws Exception {
    List<Update> ups = decode(new FeedEncoder(PrefixSpace.IPV6, 65102, NH6).announce(0, 6));
    assertThat(ups).hasSize(3);
    assertThat(ups.get(0).mpReach().nlri().size()).isEqualTo(4);
    assertThat(ups.get(0).mpReach().nextHop().toString()).isEqualTo("2001:db8:1::2");
    assertThat(ups.get(2).endOfRibFamily()).isEqualTo(Family.IPV6_UNICAST);
    List<Update> wd = decode(new FeedEncoder(PrefixSpace.IPV6, 65102, NH6).withdraw(0, 1200));
    assertThat(wd.stream().mapToInt(u -> u.mpUnreach().withdrawn().size()).sum()).isEqualTo(1200);
  }

  @Test
  void openDecodes() throws Exception {
    byte[] open = Wire.open(65101, 180, new byte[] {(byte) 203, 0, 113, 10});
    BgpMessage m = BgpCodec.decode(Unpooled.wrappedBuffer(open), CodecContext.DEFAULT);
    assertThat(m).isInstanceOf(Open.class);
    assertThat(((Open) m).asn()).isEqualTo(65101);
  }

  @Test
  void receiverCountsAnnouncementsAndWithdrawals() {
    for (PrefixSpace space : PrefixSpace.values()) {
      byte[] nh = space == PrefixSpace.IPV4 ? NH4 : NH6;
      FeedEncoder enc = new FeedEncoder(space, 65101, nh);
      Receiver r = new Receiver(space, 1000);
      for (byte[] f : frames(enc.announce(0, 1000))) {
        r.message(f[18], Arrays.copyOfRange(f, 19, f.length), f.length - 19);
      }
      for (byte[] f : frames(enc.announce(500, 1000))) { // re-announcements count once
        r.message(f[18], Arrays.copyOfRange(f, 19, f.length), f.length - 19);
      }
      assertThat(r.count()).isEqualTo(1000);
      for (byte[] f : frames(enc.withdraw(0, 600))) {
        r.message(f[18], Arrays.copyOfRange(f, 19, f.length), f.length - 19);
      }
      assertThat(r.count()).isEqualTo(400);
    }
  }
}
