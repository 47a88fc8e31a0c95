package dev.cairn.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.net.Ipv6Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdatePackerTest {
  static NlriList v4(int n) {
    NlriList.Builder b = NlriList.builder(Afi.IPV4, false);
    for (int i = 0; i < n; i++) {
      b.addPackedV4(Ipv4Prefix.pack(0xc6330000 + (i << 8), 24), 0);
    }
    return b.build();
  }

  @Test
  void thousandsOfPrefixesFillMessagesToTheLimitAndLoseNone() throws BgpDecodeException {
    PathAttributes attrs = FixtureTest.base().build();
    NlriList nlri = v4(5000);
    for (CodecContext ctx :
        List.of(CodecContext.DEFAULT, CodecContext.FOUR_OCTET_AS.withExtendedMessages(true))) {
      List<Update> ups = UpdatePacker.announce(attrs, Family.IPV4_UNICAST, null, null, nlri, ctx);
      int total = 0;
      for (Update u : ups) {
        byte[] wire = Wire.encode(u, ctx); // throws if a message is too long
        assertThat(wire.length).isLessThanOrEqualTo(ctx.maxUpdateLength());
        total += ((Update) Wire.decode(wire, ctx)).nlri().size();
      }
      assertThat(total).isEqualTo(5000);
      // all but the last message are nearly full (the size estimate is conservative by the
      // difference between 2- and 4-octet AS_PATH encodings)
      if (ups.size() > 1) {
        byte[] first = Wire.encode(ups.get(0), ctx);
        assertThat(first.length).isGreaterThan(ctx.maxUpdateLength() - 10);
      } else {
        assertThat(ctx.extendedMessages()).isTrue(); // 5000 /24s fit in one 65535-octet UPDATE
      }
    }
    assertThat(
            UpdatePacker.announce(
                attrs, Family.IPV4_UNICAST, null, null, nlri, CodecContext.DEFAULT))
        .hasSize(5); // 5000 /24s at 1013 per 4096-octet message
  }

  @Test
  void ipv6GoesInMpReachAndWithdrawalsPackToo() throws BgpDecodeException {
    NlriList.Builder b = NlriList.builder(Afi.IPV6, false);
    for (int i = 0; i < 2000; i++) {
      b.add(Ipv6Prefix.of(0x20010db800000000L | ((long) i << 16), 0, 48), 0);
    }
    NlriList v6 = b.build();
    PathAttributes attrs = FixtureTest.base().nextHop(null).build();
    CodecContext ctx = CodecContext.FOUR_OCTET_AS;
    List<Update> ups =
        UpdatePacker.announce(
            attrs, Family.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), null, v6, ctx);
    int total = 0;
    for (Update u : ups) {
      total += ((Update) Wire.decode(Wire.encode(u, ctx), ctx)).mpReach().nlri().size();
    }
    assertThat(total).isEqualTo(2000);
    int withdrawn = 0;
    for (Update u : UpdatePacker.withdraw(Family.IPV6_UNICAST, v6, ctx)) {
      withdrawn += ((Update) Wire.decode(Wire.encode(u, ctx), ctx)).mpUnreach().withdrawn().size();
    }
    assertThat(withdrawn).isEqualTo(2000);
  }
}
