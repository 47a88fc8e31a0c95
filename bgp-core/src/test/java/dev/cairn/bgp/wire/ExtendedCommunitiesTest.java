package dev.cairn.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Text of route targets and origins in their three administrator forms (RFC 4360, RFC 5668). */
class ExtendedCommunitiesTest {
  @Test
  void eachFormPrintsAndParsesBack() {
    long twoOctetAs = ExtendedCommunities.parse("rt:65001:100");
    long ipv4 = ExtendedCommunities.parse("soo:192.0.2.1:7");
    long fourOctetAs = ExtendedCommunities.parse("rt:4200000001:5");
    assertThat(twoOctetAs).isEqualTo(0x0002_FDE9_0000_0064L);
    assertThat(ipv4).isEqualTo(0x0103_C000_0201_0007L);
    assertThat(fourOctetAs).isEqualTo(0x0202_FA56_EA01_0005L);
    for (long v : new long[] {twoOctetAs, ipv4, fourOctetAs}) {
      assertThat(ExtendedCommunities.parse(ExtendedCommunities.format(v))).isEqualTo(v);
    }
    assertThat(ExtendedCommunities.format(ipv4)).isEqualTo("soo:192.0.2.1:7");
    assertThat(ExtendedCommunities.format(fourOctetAs)).isEqualTo("rt:4200000001:5");
    // a four-octet-AS value with a small ASN would print like a two-octet one: hex instead
    assertThat(ExtendedCommunities.format(0x0202_0000_FDE9_0005L)).isEqualTo("0x02020000fde90005");
  }

  @Test
  void outOfRangeLocalPartsAreRefused() {
    assertThatThrownBy(() -> ExtendedCommunities.parse("rt:192.0.2.1:65536"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExtendedCommunities.parse("rt:4200000001:65536"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExtendedCommunities.parse("rt:192.0.2.256:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
