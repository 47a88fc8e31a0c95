package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPropertiesTest {

  @Provide
  Arbitrary<Ipv6Address> v6() {
    // many zero groups, so that :: compression is exercised
    Arbitrary<Long> half =
        Arbitraries.integers()
            .between(0, 15)
            .flatMap(
                mask ->
                    Arbitraries.longs()
                        .map(
                            l -> {
                              long v = l;
                              for (int g = 0; g < 4; g++) {
                                if ((mask & (1 << g)) != 0) {
                                  v &= ~(0xffffL << (16 * g));
                                }
                              }
                              return v;
                            }));
    return Combinators.combine(half, half).as(Ipv6Address::new);
  }

  @Provide
  Arbitrary<IpPrefix> prefixes() {
    Arbitrary<IpPrefix> p4 =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as((a, l) -> (IpPrefix) Ipv4Prefix.of(a, l));
    Arbitrary<IpPrefix> p6 =
        Combinators.combine(v6(), Arbitraries.integers().between(0, 128))
            .as((a, l) -> (IpPrefix) Ipv6Prefix.of(a.hi(), a.lo(), l));
    return Arbitraries.oneOf(p4, p6);
  }

  @Property
  void ipv4TextRoundTrips(@ForAll int bits) throws UnknownHostException {
    Ipv4Address a = new Ipv4Address(bits);
    assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
    // the JDK formats IPv4 the same way: an independent check of the text
    assertThat(a.toString()).isEqualTo(InetAddress.getByAddress(a.toBytes()).getHostAddress());
  }

  @Property
  void ipv6TextRoundTripsAndIsRfc5952(@ForAll("v6") Ipv6Address a) throws UnknownHostException {
    String text = a.toString();
    assertThat(IpAddress.parse(text)).isEqualTo(a);
    // the JDK prints all eight groups without compression: same groups, lower case
    String full = java.net.Inet6Address.getByAddress(null, a.toBytes(), -1).getHostAddress();
    assertThat(Ipv6Address.parse(full)).isEqualTo(a);
    assertThat(text).isEqualTo(text.toLowerCase()).doesNotContain(":::");
    assertThat(text.split("::", -1).length).isLessThanOrEqualTo(2);
    for (String g : text.split(":")) {
      assertThat(g.length() <= 1 || g.charAt(0) != '0').as("leading zero in %s", text).isTrue();
    }
    // the longest run of zero groups (leftmost on ties, at least two) is the one compressed
    int bestStart = -1;
    int bestLen = 1;
    for (int g = 0; g < 8; ) {
      int s = g;
      while (g < 8 && a.group(g) == 0) {
        g++;
      }
      if (g - s > bestLen) {
        bestStart = s;
        bestLen = g - s;
      }
      g = Math.max(g, s + 1);
    }
    if (bestStart < 0) {
      assertThat(text).doesNotContain("::");
    } else {
      String[] sides = text.split("::", -1);
      int left = sides[0].isEmpty() ? 0 : sides[0].split(":").length;
      assertThat(left).as(text).isEqualTo(bestStart);
    }
  }

  @Property
  void prefixTextRoundTrips(@ForAll("prefixes") IpPrefix p) {
    assertThat(IpPrefix.parse(p.toString())).isEqualTo(p);
  }

  @Property
  void bytesRoundTrip(@ForAll("v6") Ipv6Address a, @ForAll int b) {
    assertThat(IpAddress.fromBytes(a.toBytes())).isEqualTo(a);
    Ipv4Address v4 = new Ipv4Address(b);
    assertThat(IpAddress.fromBytes(v4.toBytes())).isEqualTo(v4);
  }

  @Property
  void containsMeansTheFirstBitsMatch(
      @ForAll("prefixes") IpPrefix p, @ForAll("v6") Ipv6Address x, @ForAll int y) {
    IpAddress a = p.afi() == Afi.IPV4 ? new Ipv4Address(y) : x;
    boolean match = true;
    for (int i = 0; i < p.length(); i++) {
      match &= a.bit(i) == p.address().bit(i);
    }
    assertThat(p.contains(a)).isEqualTo(match);
    assertThat(p.contains(p.address())).isTrue();
    assertThat(p.contains(p)).isTrue();
  }

  @Property
  void parentsContainChildrenTransitively(
      @ForAll("prefixes") IpPrefix p,
      @ForAll @IntRange(min = 0, max = 128) int cut1,
      @ForAll @IntRange(min = 0, max = 128) int cut2) {
    int l1 = Math.min(cut1, p.length());
    int l2 = Math.min(cut2, l1);
    IpPrefix parent = IpPrefix.of(p.address(), l1);
    IpPrefix grand = IpPrefix.of(p.address(), l2);
    assertThat(parent.contains(p)).isTrue();
    assertThat(grand.contains(parent)).isTrue();
    assertThat(grand.contains(p)).isTrue();
    if (l1 < p.length()) {
      assertThat(p.contains(parent)).isFalse();
    }
  }

  @Property
  void packedIpv4OrderIsPrefixOrder(
      @ForAll int a,
      @ForAll @IntRange(max = 32) int la,
      @ForAll int b,
      @ForAll @IntRange(max = 32) int lb) {
    Ipv4Prefix p = Ipv4Prefix.of(a, la);
    Ipv4Prefix q = Ipv4Prefix.of(b, lb);
    assertThat(Integer.signum(Long.compareUnsigned(p.pack(), q.pack())))
        .isEqualTo(Integer.signum(p.compareTo(q)));
    assertThat(Ipv4Prefix.unpack(p.pack())).isEqualTo(p);
    assertThat(p.compareTo(q) == 0).isEqualTo(p.equals(q));
  }

  @Property
  void everyIpv4SortsBeforeEveryIpv6(@ForAll int a, @ForAll("v6") Ipv6Address b) {
    assertThat(new Ipv4Address(a).compareTo(b)).isNegative();
    assertThat(b.compareTo(new Ipv4Address(a))).isPositive();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.256|invalid IPv4 address '192.0.2.256': octet 256 is greater than 255",
        "192.0.2|invalid IPv4 address '192.0.2': expected four octets, found 3",
        "192.0.2.01|invalid IPv4 address '192.0.2.01': octet with a leading zero is ambiguous",
        "1.2.3.4.5|invalid IPv4 address '1.2.3.4.5': unexpected '.'",
        "192.0.2.x|invalid IPv4 address '192.0.2.x': unexpected 'x'",
        "2001:db8::1::2|invalid IPv6 address '2001:db8::1::2': more than one '::'",
        "2001:db8:0:0:0:0:0:0:1|invalid IPv6 address '2001:db8:0:0:0:0:0:0:1': more than eight groups",
        ":2001:db8::1|invalid IPv6 address ':2001:db8::1': a single leading ':'",
        "2001:db8::g|invalid IPv6 address '2001:db8::g': unexpected 'g'",
        "2001:db8:1|invalid IPv6 address '2001:db8:1': expected eight groups, found 3",
        "2001:db8::12345|invalid IPv6 address '2001:db8::12345': group has more than four hex digits",
      })
  void badAddressesSayWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> IpAddress.parse(text))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.1/24|invalid prefix '192.0.2.1/24': host bits are set (did you mean 192.0.2.0/24?)",
        "192.0.2.0/33|invalid prefix '192.0.2.0/33': length 33 is greater than 32",
        "2001:db8::/129|invalid prefix '2001:db8::/129': length 129 is greater than 128",
        "192.0.2.0|invalid prefix '192.0.2.0': missing '/LENGTH'",
        "192.0.2.0/|invalid prefix '192.0.2.0/': length is not a number",
        "192.0.2.0/-1|invalid prefix '192.0.2.0/-1': length is not a number",
        "2001:db8::1/64|invalid prefix '2001:db8::1/64': host bits are set (did you mean 2001:db8::/64?)",
      })
  void badPrefixesSayWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> IpPrefix.parse(text))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> IpPrefix.parse(""))
        .isInstanceOf(AddressFormatException.class)
        .hasMessageContaining("missing '/LENGTH'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1", // RFC 5952 §4.2.3: first of equal runs
        "2001:0db8::0001|2001:db8::1", // §4.1: no leading zeros
        "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1", // §4.2.2: a single 0 is not compressed
        "2001:DB8::AAAA|2001:db8::aaaa", // §4.3: lower case
        "::|::",
        "::1|::1",
        "1::|1::",
        "::ffff:192.0.2.1|::ffff:c000:201", // embedded IPv4 is accepted, printed as groups
        "fe80::1|fe80::1",
      })
  void rfc5952Examples(String in, String canonical) {
    assertThat(IpAddress.parse(in).toString()).isEqualTo(canonical);
  }

  @Property
  void linkLocalIsFe80Slash10(@ForAll("v6") Ipv6Address a) {
    assertThat(a.isLinkLocal()).isEqualTo(IpPrefix.parse("fe80::/10").contains(a));
  }

  @Property
  void lenientParsingClearsHostBits(@ForAll int a, @ForAll @IntRange(max = 32) int len) {
    Ipv4Address addr = new Ipv4Address(a);
    assertThat(IpPrefix.parseLenient(addr + "/" + len)).isEqualTo(Ipv4Prefix.of(a, len));
  }
}
