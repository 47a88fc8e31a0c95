package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of {@link IpAddress} text, bytes, bits and order, checked against the JDK. */
class IpAddressPropertiesTest {

  @Provide
  Arbitrary<Ipv4Address> ipv4() {
    return AddressArbitraries.ipv4();
  }

  @Provide
  Arbitrary<Ipv6Address> ipv6() {
    return AddressArbitraries.ipv6();
  }

  @Provide
  Arbitrary<IpAddress> address() {
    return AddressArbitraries.address();
  }

  // ---- text round trips

  @Property
  void ipv4TextRoundTrips(@ForAll("ipv4") Ipv4Address a) {
    assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
    assertThat(Ipv4Address.parse(a.toString())).isEqualTo(a);
  }

  @Property
  void ipv4FormatsLikeTheJdk(@ForAll("ipv4") Ipv4Address a) throws UnknownHostException {
    assertThat(a.toString()).isEqualTo(InetAddress.getByAddress(a.toBytes()).getHostAddress());
  }

  @Property
  void ipv6TextRoundTrips(@ForAll("ipv6") Ipv6Address a) {
    assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
    assertThat(Ipv6Address.parse(a.toString())).isEqualTo(a);
  }

  /**
   * The JDK prints every group in full ({@code 2001:db8:0:0:1:0:0:1}); compress that independently
   * per RFC 5952 §4 and compare.
   */
  @Property
  void ipv6FormatIsRfc5952(@ForAll("ipv6") Ipv6Address a) throws UnknownHostException {
    // getByAddress(host, bytes, scope) always yields an Inet6Address, even for ::ffff:0:0/96
    String full = Inet6Address.getByAddress(null, a.toBytes(), -1).getHostAddress();
    String expected = rfc5952(full);
    String actual = a.toString();
    assertThat(actual).isEqualTo(expected);
    // and the rules themselves, stated directly on the output
    assertThat(actual).isEqualTo(actual.toLowerCase(Locale.ROOT));
    assertThat(actual.indexOf("::")).isEqualTo(actual.lastIndexOf("::"));
    for (String group : actual.split(":")) {
      assertThat(group.length() <= 1 || group.charAt(0) != '0')
          .as("no leading zero in %s", actual)
          .isTrue();
    }
    assertThat(actual.contains("::") || !actual.contains(":0:0:"))
        .as("a run of two zero groups in %s is compressed", actual)
        .isTrue();
  }

  /** Reference compressor working on the uncompressed text only. */
  static String rfc5952(String full) {
    String[] groups = full.split(":", -1);
    assertThat(groups).hasSize(8);
    List<String> g = new ArrayList<>();
    for (String s : groups) {
      String stripped = s.toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
      g.add(stripped);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && g.get(j).equals("0")) {
        j++;
      }
      if (j - i >= 2 && j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
    }
    if (bestStart < 0) {
      return String.join(":", g);
    }
    String head = String.join(":", g.subList(0, bestStart));
    String tail = String.join(":", g.subList(bestStart + bestLen, 8));
    return head + "::" + tail;
  }

  @Provide
  Arbitrary<Spelling> spelling() {
    return AddressArbitraries.ipv6()
        .flatMap(
            a ->
                Arbitraries.integers()
                    .between(0, Integer.MAX_VALUE)
                    .map(seed -> new Spelling(a, spell(a, seed))));
  }

  record Spelling(Ipv6Address address, String text) {}

  /**
   * One of the many RFC 4291 §2.2 spellings of {@code a}: upper or lower case, zero padded or not,
   * any run of zero groups (even a single one) as {@code ::}, and maybe a dotted-quad tail.
   */
  static String spell(Ipv6Address a, int seed) {
    java.util.Random r = new java.util.Random(seed);
    boolean dotted = r.nextInt(4) == 0;
    int groups = dotted ? 6 : 8;
    List<int[]> zeroRuns = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      for (int j = i; j < groups && a.group(j) == 0; j++) {
        zeroRuns.add(new int[] {i, j + 1});
      }
    }
    int[] run =
        zeroRuns.isEmpty() || r.nextBoolean() ? null : zeroRuns.get(r.nextInt(zeroRuns.size()));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < groups; i++) {
      if (run != null && i == run[0]) {
        sb.append("::");
        i = run[1] - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      String hex = Integer.toHexString(a.group(i));
      if (r.nextBoolean()) {
        hex = "0".repeat(r.nextInt(5 - hex.length())) + hex;
      }
      sb.append(r.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex);
    }
    if (dotted) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(new Ipv4Address((int) a.lo()));
    }
    return sb.toString();
  }

  @Property
  void ipv6ParsesEveryRfc4291Spelling(@ForAll("spelling") Spelling s) {
    assertThat(IpAddress.parse(s.text())).as(s.text()).isEqualTo(s.address());
  }

  @Property
  void ipv6ParsesLikeTheJdk(@ForAll("spelling") Spelling s) throws UnknownHostException {
    // a literal with ':' is never looked up in DNS; the JDK collapses ::ffff:a.b.c.d to IPv4
    byte[] jdk = InetAddress.getByName(s.text()).getAddress();
    byte[] expected = s.address().toBytes();
    if (jdk.length == 4) {
      assertThat(Arrays.copyOf(expected, 12))
          .isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
      expected = Arrays.copyOfRange(expected, 12, 16);
    }
    assertThat(jdk).as(s.text()).isEqualTo(expected);
  }

  // ---- bytes and bits

  @Property
  void bytesRoundTrip(@ForAll("address") IpAddress a) {
    byte[] b = a.toBytes();
    assertThat(b).hasSize(a.afi().bits() / 8);
    assertThat(IpAddress.fromBytes(b)).isEqualTo(a);
  }

  @Property
  void fromBytesRoundTrips(@ForAll @Size(4) byte[] four, @ForAll @Size(16) byte[] sixteen) {
    assertThat(IpAddress.fromBytes(four).toBytes()).isEqualTo(four);
    assertThat(IpAddress.fromBytes(sixteen).toBytes()).isEqualTo(sixteen);
    assertThat(IpAddress.fromBytes(four)).isInstanceOf(Ipv4Address.class);
    assertThat(IpAddress.fromBytes(sixteen)).isInstanceOf(Ipv6Address.class);
  }

  @Property
  void bytesMatchTheJdk(@ForAll("address") IpAddress a) throws UnknownHostException {
    byte[] b = a.toBytes();
    InetAddress jdk =
        b.length == 4 ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, -1);
    assertThat(IpAddress.parse(jdk.getHostAddress())).isEqualTo(a);
  }

  @Property
  void bitsAreTheBytesMsbFirst(@ForAll("address") IpAddress a) {
    byte[] b = a.toBytes();
    for (int i = 0; i < b.length * 8; i++) {
      boolean expected = ((b[i / 8] >>> (7 - i % 8)) & 1) == 1;
      assertThat(a.bit(i)).as("bit %d of %s", i, a).isEqualTo(expected);
    }
  }

  // ---- order

  @Property
  void orderIsFamilyThenUnsignedBytes(
      @ForAll("address") IpAddress a, @ForAll("address") IpAddress b) {
    int c = Integer.signum(a.compareTo(b));
    if (a.afi() != b.afi()) {
      assertThat(c).isEqualTo(a.afi() == Afi.IPV4 ? -1 : 1);
    } else {
      assertThat(c).isEqualTo(Integer.signum(Arrays.compareUnsigned(a.toBytes(), b.toBytes())));
    }
    assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-c);
  }

  @Property
  void orderIsConsistentWithEquals(@ForAll("address") IpAddress a, @ForAll("address") IpAddress b) {
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    IpAddress copy = IpAddress.fromBytes(a.toBytes());
    assertThat(a.compareTo(copy)).isZero();
    assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a);
  }

  @Property
  void neighboursCompareInOrder(@ForAll int bits) {
    // off-by-sign bugs hide at 0x7fffffff / 0x80000000
    Ipv4Address a = new Ipv4Address(bits);
    Ipv4Address next = new Ipv4Address(bits + 1);
    if (bits != -1) {
      assertThat(a).isLessThan(next);
    }
  }

  @Property
  void linkLocalIsFe80Slash10(
      @ForAll("ipv6") Ipv6Address a, @ForAll @IntRange(max = 0x3ff) int top) {
    Ipv6Address b = new Ipv6Address((a.hi() & ~(-1L << 54)) | ((long) top << 54), a.lo());
    assertThat(b.isLinkLocal()).isEqualTo(b.group(0) >= 0xfe80 && b.group(0) <= 0xfebf);
  }
}
