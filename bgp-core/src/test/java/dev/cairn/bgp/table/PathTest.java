package dev.cairn.bgp.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpPrefix;
import org.junit.jupiter.api.Test;

/** A path keeps its prefix: an IPv4 one as address and length, an IPv6 one as the object. */
class PathTest {
  private static final PathAttributes ATTRS = PathAttributes.builder().origin(0).build();

  @Test
  void anIpv4PathRebuildsItsPrefixAndKeepsItWhenMadeStale() {
    IpPrefix p = IpPrefix.parse("198.51.100.128/25");
    Path a = Path.of(p, null, ATTRS, null);
    assertThat(a).isInstanceOf(Path.Path4.class);
    assertThat(a.prefix()).isEqualTo(p);
    Path stale = a.withStale(true);
    assertThat(stale.stale).isTrue();
    assertThat(stale.prefix()).isEqualTo(p);
    assertThat(stale.samePrefix(a)).isTrue();
    IpPrefix copy = IpPrefix.parse("198.51.100.128/25");
    assertThat(a.prefixLike(copy)).isSameAs(copy); // (an IPv4 path holds no object to share)
    assertThat(Path.same(a, stale)).isFalse(); // staleness differs
    assertThat(Path.same(a, Path.of(IpPrefix.parse("198.51.100.128/25"), null, ATTRS, null)))
        .isTrue();
    assertThat(a.samePrefix(Path.of(IpPrefix.parse("198.51.100.0/25"), null, ATTRS, null)))
        .isFalse();
    assertThat(a.samePrefix(Path.of(IpPrefix.parse("198.51.100.128/26"), null, ATTRS, null)))
        .isFalse();
  }

  @Test
  void anIpv6PathKeepsItsPrefixAndIsNeverTheSamePrefixAsAnIpv4One() {
    IpPrefix p = IpPrefix.parse("2001:db8:1::/48");
    Path a = Path.of(p, null, ATTRS, null);
    assertThat(a.prefix()).isSameAs(p);
    assertThat(a.withStale(true).prefix()).isSameAs(p);
    // another neighbor's decoded copy of the prefix gives way to the object the path holds
    assertThat(a.prefixLike(IpPrefix.parse("2001:db8:1::/48"))).isSameAs(p);
    assertThat(a.samePrefix(Path.of(IpPrefix.parse("2001:db8:1::/48"), null, ATTRS, null)))
        .isTrue();
    assertThat(a.samePrefix(Path.of(IpPrefix.parse("192.0.2.0/24"), null, ATTRS, null))).isFalse();
    assertThat(Path.of(IpPrefix.parse("192.0.2.0/24"), null, ATTRS, null).samePrefix(a)).isFalse();
  }
}
