package dev.cairn.k8s;

import dev.cairn.config.LargeCommunity;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.RouteAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route the adapter wants announced.
 *
 * @param prefix the announced prefix (/32 or /128 for service addresses)
 * @param kind what the prefix stands for
 * @param source the object it came from: {@code namespace/name} for services, the node name for pod
 *     CIDRs
 * @param nextHop present only for other nodes' pod CIDRs ({@link Kind#NODE_POD_CIDR}): that node's
 *     InternalIP; absent means "this node" (next-hop self)
 * @param communities standard communities as unsigned 32-bit values ({@code asn << 16 | value})
 * @param largeCommunities large communities
 * @param gracefulShutdown the route is about to go away: attach GRACEFUL_SHUTDOWN (RFC 8326, {@link
 *     #GRACEFUL_SHUTDOWN}); the adapter does not put that community into {@code communities} itself
 */
public record Advertisement(
    IpPrefix prefix,
    Kind kind,
    String source,
    Optional<IpAddress> nextHop,
    List<Long> communities,
    List<LargeCommunity> largeCommunities,
    boolean gracefulShutdown) {

  /** GRACEFUL_SHUTDOWN well-known community 65535:0 (RFC 8326). */
  public static final long GRACEFUL_SHUTDOWN = 0xFFFF_0000L;

  public Advertisement {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(nextHop, "nextHop");
    communities = List.copyOf(communities);
    largeCommunities = List.copyOf(largeCommunities);
  }

  /** A route without communities. */
  public static Advertisement of(IpPrefix prefix, Kind kind, String source) {
    return new Advertisement(prefix, kind, source, Optional.empty(), List.of(), List.of(), false);
  }

  /**
   * What the route carries into the RIB: the communities (GRACEFUL_SHUTDOWN last while the node
   * drains) and the large communities, for the channels that export it (BGP attaches them).
   */
  public RouteAttributes attributes() {
    int n = communities.size() + (gracefulShutdown ? 1 : 0);
    int[] c = new int[n];
    for (int i = 0; i < communities.size(); i++) {
      c[i] = (int) (long) communities.get(i);
    }
    if (gracefulShutdown) {
      c[n - 1] = (int) GRACEFUL_SHUTDOWN;
    }
    long[] large = new long[3 * largeCommunities.size()];
    for (int i = 0; i < largeCommunities.size(); i++) {
      LargeCommunity l = largeCommunities.get(i);
      large[3 * i] = l.global();
      large[3 * i + 1] = l.data1();
      large[3 * i + 2] = l.data2();
    }
    return RouteAttributes.of(c, large, 0);
  }

  /** This advertisement with the graceful-shutdown flag set to {@code gs}. */
  public Advertisement withGracefulShutdown(boolean gs) {
    return gs == gracefulShutdown
        ? this
        : new Advertisement(prefix, kind, source, nextHop, communities, largeCommunities, gs);
  }
}
