package dev.cairn.net;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators shared by the address and prefix properties. */
final class AddressArbitraries {
  private AddressArbitraries() {}

  static Arbitrary<Ipv4Address> ipv4() {
    return Arbitraries.integers().map(Ipv4Address::new);
  }

  /**
   * IPv6 addresses built group by group, half of the groups zero, so that zero runs of every length
   * and position (the interesting cases for {@code ::}) are common.
   */
  static Arbitrary<Ipv6Address> ipv6() {
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just(0)),
            Tuple.of(2, Arbitraries.integers().between(1, 0xf)),
            Tuple.of(3, Arbitraries.integers().between(0, 0xffff)));
    return group
        .array(int[].class)
        .ofSize(8)
        .map(
            g -> {
              long hi = 0;
              long lo = 0;
              for (int i = 0; i < 4; i++) {
                hi = hi << 16 | g[i];
                lo = lo << 16 | g[i + 4];
              }
              return new Ipv6Address(hi, lo);
            });
  }

  static Arbitrary<IpAddress> address() {
    return Arbitraries.oneOf(ipv4(), ipv6());
  }

  static Arbitrary<Ipv4Prefix> ipv4Prefix() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
        .as(Ipv4Prefix::of);
  }

  static Arbitrary<Ipv6Prefix> ipv6Prefix() {
    return Combinators.combine(ipv6(), Arbitraries.integers().between(0, 128))
        .as((a, len) -> Ipv6Prefix.of(a.hi(), a.lo(), len));
  }

  static Arbitrary<IpPrefix> prefix() {
    return Arbitraries.oneOf(ipv4Prefix(), ipv6Prefix());
  }
}
