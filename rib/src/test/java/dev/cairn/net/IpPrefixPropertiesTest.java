package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link IpPrefix}: text, containment, order and the packed IPv4 form. */
class IpPrefixPropertiesTest {

  @Provide
  Arbitrary<IpPrefix> prefix() {
    return AddressArbitraries.prefix();
  }

  @Provide
  Arbitrary<Ipv4Prefix> ipv4Prefix() {
    return AddressArbitraries.ipv4Prefix();
  }

  @Provide
  Arbitrary<IpAddress> address() {
    return AddressArbitraries.address();
  }

  /** A prefix and an address that share a random number of leading bits with it. */
  record Near(IpPrefix prefix, IpAddress address) {}

  @Provide
  Arbitrary<Near> near() {
    return Combinators.combine(
            AddressArbitraries.address(),
            Arbitraries.integers().between(0, 128),
            Arbitraries.integers().between(0, 129),
            Arbitraries.integers())
        .as(
            (a, len, shared, seed) -> {
              int width = a.afi().bits();
              int l = len % (width + 1);
              int k = shared % (width + 2); // k == width + 1: unrelated random address
              BigInteger x = value(a);
              BigInteger noise = new BigInteger(width, new java.util.Random(seed));
              BigInteger y;
              if (k > width) {
                y = noise;
              } else {
                BigInteger low = BigInteger.ONE.shiftLeft(width - k).subtract(BigInteger.ONE);
                y = x.andNot(low).or(noise.and(low));
              }
              return new Near(IpPrefix.of(a, l), address(y, width));
            });
  }

  static BigInteger value(IpAddress a) {
    return new BigInteger(1, a.toBytes());
  }

  static IpAddress address(BigInteger v, int width) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[width / 8];
    int n = Math.min(raw.length, b.length);
    System.arraycopy(raw, raw.length - n, b, b.length - n, n);
    return IpAddress.fromBytes(b);
  }

  /** Independent reference: the top {@code len} bits of two same-width values are equal. */
  static boolean firstBitsMatch(IpAddress a, IpAddress b, int len) {
    int width = a.afi().bits();
    return value(a).shiftRight(width - len).equals(value(b).shiftRight(width - len));
  }

  // ---- text

  @Property
  void textRoundTrips(@ForAll("prefix") IpPrefix p) {
    assertThat(IpPrefix.parse(p.toString())).isEqualTo(p);
    assertThat(IpPrefix.parseLenient(p.toString())).isEqualTo(p);
    assertThat(p.toString()).isEqualTo(p.address() + "/" + p.length());
  }

  @Property
  void strictParseRejectsExactlyTheHostBits(
      @ForAll("address") IpAddress a, @ForAll @IntRange(max = 128) int len) {
    int l = len % (a.afi().bits() + 1);
    String text = a + "/" + l;
    IpPrefix canonical = IpPrefix.of(a, l);
    assertThat(IpPrefix.parseLenient(text)).isEqualTo(canonical);
    if (canonical.address().equals(a)) {
      assertThat(IpPrefix.parse(text)).isEqualTo(canonical);
    } else {
      assertThatThrownBy(() -> IpPrefix.parse(text))
          .isInstanceOf(AddressFormatException.class)
          .hasMessage(
              "invalid prefix '" + text + "': host bits are set (did you mean " + canonical + "?)");
    }
  }

  @Property
  void ofClearsExactlyTheHostBits(
      @ForAll("address") IpAddress a, @ForAll @IntRange(max = 128) int len) {
    int width = a.afi().bits();
    int l = len % (width + 1);
    IpPrefix p = IpPrefix.of(a, l);
    assertThat(p.length()).isEqualTo(l);
    assertThat(p.afi()).isEqualTo(a.afi());
    BigInteger hostMask = BigInteger.ONE.shiftLeft(width - l).subtract(BigInteger.ONE);
    assertThat(value(p.address())).isEqualTo(value(a).andNot(hostMask));
  }

  // ---- containment

  @Property
  void containsAddressIffFirstBitsMatch(@ForAll("near") Near n) {
    IpPrefix p = n.prefix();
    IpAddress a = n.address();
    assertThat(p.contains(a)).isEqualTo(firstBitsMatch(p.address(), a, p.length()));
  }

  @Property
  void neverContainsTheOtherFamily(@ForAll("prefix") IpPrefix p, @ForAll("address") IpAddress a) {
    if (p.afi() != a.afi()) {
      assertThat(p.contains(a)).isFalse();
      assertThat(p.contains(IpPrefix.of(a, 0))).isFalse();
    }
  }

  @Property
  void containsItsOwnAddressAndItself(@ForAll("prefix") IpPrefix p) {
    assertThat(p.contains(p.address())).isTrue();
    assertThat(p.contains(p)).isTrue();
  }

  @Property
  void parentContainsChildButNotTheReverse(@ForAll("prefix") IpPrefix p) {
    if (p.length() == 0) {
      return;
    }
    IpPrefix parent = IpPrefix.of(p.address(), p.length() - 1);
    assertThat(parent.contains(p)).isTrue();
    assertThat(p.contains(parent)).isFalse();
    assertThat(parent).isLessThan(p);
  }

  @Property
  void containsPrefixMeansLongerAndContainsItsAddress(
      @ForAll("near") Near n, @ForAll @IntRange(max = 128) int len) {
    IpPrefix p = n.prefix();
    IpPrefix q = IpPrefix.of(n.address(), len % (n.address().afi().bits() + 1));
    assertThat(p.contains(q)).isEqualTo(q.length() >= p.length() && p.contains(q.address()));
    if (p.contains(q) && q.contains(p)) {
      assertThat(p).isEqualTo(q);
    }
  }

  @Property
  void containmentIsTransitive(
      @ForAll("address") IpAddress a,
      @ForAll @IntRange(max = 128) int l1,
      @ForAll @IntRange(max = 128) int l2,
      @ForAll @IntRange(max = 128) int l3) {
    int w = a.afi().bits() + 1;
    int[] ls = {l1 % w, l2 % w, l3 % w};
    java.util.Arrays.sort(ls);
    IpPrefix p1 = IpPrefix.of(a, ls[0]);
    IpPrefix p2 = IpPrefix.of(a, ls[1]);
    IpPrefix p3 = IpPrefix.of(a, ls[2]);
    assertThat(p1.contains(p2)).isTrue();
    assertThat(p2.contains(p3)).isTrue();
    assertThat(p1.contains(p3)).isTrue();
    assertThat(p3.contains(a)).isTrue();
  }

  @Property
  void containmentIsTransitiveForUnrelatedTriples(
      @ForAll("near") Near x, @ForAll("near") Near y, @ForAll("near") Near z) {
    IpPrefix p = x.prefix();
    IpPrefix q = IpPrefix.of(x.address(), Math.min(y.prefix().length(), x.address().afi().bits()));
    IpPrefix r = IpPrefix.of(x.address(), Math.min(z.prefix().length(), x.address().afi().bits()));
    if (p.contains(q) && q.contains(r)) {
      assertThat(p.contains(r)).isTrue();
    }
    for (IpAddress a : new IpAddress[] {x.address(), y.address(), z.address()}) {
      if (q.contains(r) && r.contains(a)) {
        assertThat(q.contains(a)).isTrue();
      }
    }
  }

  // ---- order

  @Property
  void orderIsConsistentWithEquals(@ForAll("prefix") IpPrefix p, @ForAll("prefix") IpPrefix q) {
    assertThat(p.compareTo(q) == 0).isEqualTo(p.equals(q));
    assertThat(Integer.signum(p.compareTo(q))).isEqualTo(-Integer.signum(q.compareTo(p)));
    IpPrefix copy = IpPrefix.parse(p.toString());
    assertThat(p.compareTo(copy)).isZero();
    assertThat(copy).hasSameHashCodeAs(p);
  }

  @Property
  void orderIsAddressThenLength(@ForAll("prefix") IpPrefix p, @ForAll("prefix") IpPrefix q) {
    int byAddress = p.address().compareTo(q.address());
    int expected = byAddress != 0 ? byAddress : Integer.compare(p.length(), q.length());
    assertThat(Integer.signum(p.compareTo(q))).isEqualTo(Integer.signum(expected));
  }

  @Property
  void aCoveringPrefixSortsFirst(@ForAll("near") Near n, @ForAll @IntRange(max = 128) int len) {
    IpPrefix p = n.prefix();
    IpPrefix q = IpPrefix.of(n.address(), len % (n.address().afi().bits() + 1));
    if (p.contains(q) && !p.equals(q)) {
      assertThat(p).isLessThan(q);
    }
  }

  @Property
  void packedOrderIsPrefixOrder(
      @ForAll("ipv4Prefix") Ipv4Prefix p, @ForAll("ipv4Prefix") Ipv4Prefix q) {
    assertThat(Integer.signum(Long.compareUnsigned(p.pack(), q.pack())))
        .isEqualTo(Integer.signum(p.compareTo(q)));
    // the packed form is non-negative (40 bits), so signed order agrees too
    assertThat(Integer.signum(Long.compare(p.pack(), q.pack())))
        .isEqualTo(Integer.signum(p.compareTo(q)));
  }

  @Property
  void packedOrderOnSameAddress(
      @ForAll int bits, @ForAll @IntRange(max = 32) int l1, @ForAll @IntRange(max = 32) int l2) {
    Ipv4Prefix p = Ipv4Prefix.of(bits, l1);
    Ipv4Prefix q = Ipv4Prefix.of(bits, l2);
    assertThat(Integer.signum(Long.compareUnsigned(p.pack(), q.pack())))
        .isEqualTo(Integer.signum(p.compareTo(q)));
  }

  // ---- packed form

  @Property
  void packRoundTrips(@ForAll("ipv4Prefix") Ipv4Prefix p) {
    long packed = p.pack();
    assertThat(packed >>> 40).isZero();
    assertThat(packed).isEqualTo(((p.bits() & 0xffffffffL) << 8) | p.length());
    assertThat(Ipv4Prefix.pack(p.bits(), p.length())).isEqualTo(packed);
    assertThat(Ipv4Prefix.unpack(packed)).isEqualTo(p);
    assertThat(Ipv4Prefix.packedBits(packed)).isEqualTo(p.bits());
    assertThat(Ipv4Prefix.packedLength(packed)).isEqualTo(p.length());
  }

  @Property
  void unpackRejectsNonCanonical(@ForAll long packed) {
    int len = (int) (packed & 0xff);
    int bits = (int) (packed >>> 8);
    boolean valid = (packed >>> 40) == 0 && len <= 32 && (bits & ~Ipv4Prefix.mask(len)) == 0;
    if (valid) {
      assertThat(Ipv4Prefix.unpack(packed).pack()).isEqualTo(packed);
    } else {
      assertThatThrownBy(() -> Ipv4Prefix.unpack(packed))
          .isInstanceOf(AddressFormatException.class);
    }
  }

  @Property
  void ipv6PrimitiveFormRoundTrips(@ForAll("prefix") IpPrefix p) {
    if (p instanceof Ipv6Prefix v6) {
      assertThat(new Ipv6Prefix(v6.hi(), v6.lo(), v6.length())).isEqualTo(v6);
      assertThat(
              Ipv6Prefix.of(
                  v6.hi() | ~Ipv6Prefix.maskHi(v6.length()),
                  v6.lo() | ~Ipv6Prefix.maskLo(v6.length()),
                  v6.length()))
          .isEqualTo(v6);
      assertThat(v6.address()).isEqualTo(new Ipv6Address(v6.hi(), v6.lo()));
    }
  }

  @Property
  void masksHaveLengthLeadingOnes(@ForAll @IntRange(max = 128) int len) {
    BigInteger mask =
        BigInteger.valueOf(Ipv6Prefix.maskHi(len))
            .and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
            .shiftLeft(64)
            .or(
                BigInteger.valueOf(Ipv6Prefix.maskLo(len))
                    .and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
    BigInteger expected =
        BigInteger.ONE.shiftLeft(len).subtract(BigInteger.ONE).shiftLeft(128 - len);
    assertThat(mask).isEqualTo(expected);
    if (len <= 32) {
      assertThat(Integer.bitCount(Ipv4Prefix.mask(len))).isEqualTo(len);
      assertThat(Integer.numberOfTrailingZeros(Ipv4Prefix.mask(len)))
          .isEqualTo(len == 0 ? 32 : 32 - len);
    }
  }
}
