package dev.cairn.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.LargeCommunity;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.RouteAttributes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An advertisement's annotations become the attributes its route carries into the RIB. */
class AdvertisementTest {
  static final IpPrefix VIP = IpPrefix.parse("203.0.113.50/32");

  @Test
  void annotationsBecomeRouteAttributesWithGracefulShutdownWhileDraining() {
    Advertisement a =
        new Advertisement(
            VIP,
            Kind.LOAD_BALANCER_IP,
            "default/lb",
            Optional.empty(),
            List.of(65000L << 16 | 100, 0xFFFF_FF01L), // 65000:100, no-export (unsigned)
            List.of(new LargeCommunity(4_200_000_000L, 1, 2)),
            false);
    RouteAttributes r = a.attributes();
    assertThat(r.communities()).containsExactly(65000 << 16 | 100, 0xFFFF_FF01);
    assertThat(r.largeCommunities()).containsExactly(4_200_000_000L, 1, 2);
    RouteAttributes drained = a.withGracefulShutdown(true).attributes();
    assertThat(drained.communities())
        .containsExactly(65000 << 16 | 100, 0xFFFF_FF01, (int) Advertisement.GRACEFUL_SHUTDOWN);
    assertThat(drained).isNotEqualTo(r);
    // nothing asked for: the shared empty set
    assertThat(Advertisement.of(VIP, Kind.LOAD_BALANCER_IP, "default/lb").attributes())
        .isSameAs(RouteAttributes.EMPTY);
  }
}
