package dev.cairn.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv6Address;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One annotated byte fixture per message kind, each used in both directions: the bytes decode to
 * the expected record, and the record encodes to the same bytes.
 */
class FixtureTest {
  static final CodecContext FOUR = CodecContext.FOUR_OCTET_AS;
  static final CodecContext ADD_PATH_V4 =
      FOUR.withAddPath(Set.of(Family.IPV4_UNICAST), Set.of(Family.IPV4_UNICAST));

  static Ipv4Address v4(String s) {
    return Ipv4Address.parse(s);
  }

  static NlriList nlri4(String... prefixes) {
    return NlriList.of(Afi.IPV4, Stream.of(prefixes).map(IpPrefix::parse).toArray(IpPrefix[]::new));
  }

  static NlriList nlri6(String... prefixes) {
    return NlriList.of(Afi.IPV6, Stream.of(prefixes).map(IpPrefix::parse).toArray(IpPrefix[]::new));
  }

  static PathAttributes.Builder base() {
    return PathAttributes.builder()
        .origin(PathAttributes.ORIGIN_IGP)
        .asPath(AsPath.sequence(64496))
        .nextHop(v4("192.0.2.1"));
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("keepalive.hex", FOUR, Keepalive.INSTANCE, true),
        Arguments.of(
            "notification-hold-timer.hex",
            FOUR,
            new Notification(ErrorCodes.HOLD_TIMER_EXPIRED, 0),
            true),
        Arguments.of(
            "notification-cease-shutdown.hex",
            FOUR,
            Notification.cease(ErrorCodes.ADMINISTRATIVE_SHUTDOWN, "maintenance"),
            true),
        Arguments.of("route-refresh.hex", FOUR, RouteRefresh.of(Family.IPV4_UNICAST, 0), true),
        Arguments.of(
            "route-refresh-borr.hex",
            FOUR,
            RouteRefresh.of(Family.IPV4_UNICAST, RouteRefresh.BORR),
            true),
        Arguments.of(
            "route-refresh-eorr.hex",
            FOUR,
            RouteRefresh.of(Family.IPV6_UNICAST, RouteRefresh.EORR),
            true),
        Arguments.of(
            "open-basic.hex",
            CodecContext.DEFAULT,
            new Open(4, 64496, 90, v4("192.0.2.1"), List.of()),
            true),
        Arguments.of(
            "open-full-caps.hex",
            CodecContext.DEFAULT,
            new Open(
                4,
                64496,
                180,
                v4("192.0.2.1"),
                List.of(
                    new OptionalParameter.Capabilities(
                        List.of(
                            Capability.Multiprotocol.of(Family.IPV4_UNICAST),
                            Capability.Multiprotocol.of(Family.IPV6_UNICAST),
                            new Capability.RouteRefresh(),
                            new Capability.EnhancedRouteRefresh(),
                            new Capability.FourOctetAs(64496),
                            new Capability.GracefulRestart(
                                true,
                                false,
                                120,
                                List.of(new Capability.GracefulRestartFamily(1, 1, true))),
                            new Capability.AddPath(List.of(new Capability.AddPathFamily(1, 1, 3))),
                            new Capability.ExtendedNextHop(
                                List.of(new Capability.ExtendedNextHopFamily(1, 1, 2))),
                            new Capability.ExtendedMessage(),
                            new Capability.Unknown(73, new byte[] {2, 0x72, 0x31, 0}))))),
            true),
        Arguments.of(
            "open-as-trans.hex",
            CodecContext.DEFAULT,
            Open.of(
                4200000000L,
                90,
                v4("192.0.2.2"),
                List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST))),
            true),
        Arguments.of(
            "open-extended-params.hex",
            CodecContext.DEFAULT,
            new Open(
                4,
                64496,
                90,
                v4("192.0.2.1"),
                List.of(
                    new OptionalParameter.Capabilities(
                        List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST))))),
            false), // cairn encodes the compact form when the parameters fit in 255 octets
        Arguments.of(
            "update-ipv4-basic.hex",
            FOUR,
            Update.announce(
                PathAttributes.builder()
                    .origin(0)
                    .asPath(AsPath.sequence(64496, 64497))
                    .nextHop(v4("192.0.2.1"))
                    .med(100)
                    .communities(Communities.of(Communities.parse("64496:100")))
                    .build(),
                nlri4("198.51.100.0/24", "203.0.113.0/25")),
            true),
        Arguments.of(
            "update-withdraw.hex",
            FOUR,
            Update.withdraw(Family.IPV4_UNICAST, nlri4("198.51.100.0/24", "203.0.113.0/25")),
            true),
        Arguments.of("update-eor-ipv4.hex", FOUR, Update.endOfRib(Family.IPV4_UNICAST), true),
        Arguments.of("update-eor-ipv6.hex", FOUR, Update.endOfRib(Family.IPV6_UNICAST), true),
        Arguments.of(
            "update-mp-reach-ipv6-linklocal.hex",
            FOUR,
            Update.announce(
                PathAttributes.builder().origin(0).asPath(AsPath.sequence(64496)).build(),
                new MpReach(
                    Family.IPV6_UNICAST,
                    IpAddress.parse("2001:db8::1"),
                    Ipv6Address.parse("fe80::1"),
                    nlri6("2001:db8:1::/48"))),
            true),
        Arguments.of(
            "update-mp-unreach-ipv6.hex",
            FOUR,
            Update.withdraw(Family.IPV6_UNICAST, nlri6("2001:db8:1::/48")),
            true),
        Arguments.of(
            "update-as4-path-2octet-session.hex",
            CodecContext.DEFAULT,
            Update.announce(
                base().asPath(AsPath.sequence(64496, 4200000000L)).build(),
                nlri4("198.51.100.0/24")),
            true),
        Arguments.of(
            "update-communities-ext-large.hex",
            FOUR,
            Update.announce(
                base()
                    .communities(
                        Communities.of(Communities.parse("64496:100"), Communities.NO_EXPORT))
                    .extendedCommunities(
                        ExtendedCommunities.of(ExtendedCommunities.parse("rt:64496:1")))
                    .largeCommunities(LargeCommunities.of(64496, 1, 2))
                    .build(),
                nlri4("198.51.100.0/24")),
            true),
        Arguments.of(
            "update-unknown-transitive.hex",
            FOUR,
            Update.announce(
                base()
                    .unknown(
                        new RawAttribute(
                            0xe0,
                            200,
                            new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}))
                    .build(),
                nlri4("198.51.100.0/24")),
            true),
        Arguments.of(
            "update-addpath.hex",
            ADD_PATH_V4,
            new Update(
                NlriList.builder(Afi.IPV4, true).add(IpPrefix.parse("203.0.113.0/24"), 3).build(),
                base().build(),
                NlriList.builder(Afi.IPV4, true)
                    .add(IpPrefix.parse("198.51.100.0/24"), 1)
                    .add(IpPrefix.parse("198.51.100.0/24"), 2)
                    .build(),
                null,
                null,
                List.of()),
            true),
        Arguments.of(
            "update-confed.hex",
            FOUR,
            Update.announce(
                base()
                    .asPath(
                        new AsPath(
                            List.of(
                                new AsPath.Segment(AsPath.CONFED_SEQUENCE, new int[] {65010}),
                                AsPath.Segment.sequence(64496),
                                AsPath.Segment.set(64497, 64498))))
                    .localPref(100)
                    .build(),
                nlri4("198.51.100.0/24")),
            true),
        Arguments.of(
            "update-ipv4-over-ipv6-nexthop.hex",
            FOUR.withExtendedNextHop(Set.of(Family.IPV4_UNICAST)),
            Update.announce(
                PathAttributes.builder().origin(0).asPath(AsPath.sequence(64496)).build(),
                new MpReach(
                    Family.IPV4_UNICAST,
                    IpAddress.parse("2001:db8::1"),
                    null,
                    nlri4("198.51.100.0/24"))),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void decodesToTheRecordAndEncodesToTheBytes(
      String fixture, CodecContext ctx, BgpMessage expected, boolean encodesIdentically)
      throws BgpDecodeException {
    byte[] wire = HexFixture.load(fixture);
    BgpMessage decoded = Wire.decode(wire, ctx);
    assertThat(decoded).isEqualTo(expected);
    if (encodesIdentically) {
      assertThat(Wire.encode(expected, ctx)).isEqualTo(wire);
    } else {
      assertThat(Wire.decode(Wire.encode(expected, ctx), ctx)).isEqualTo(expected);
    }
  }
}
