// The TTL a BGP session sends with and accepts (RFC 4271 §5.1 eBGP TTL 1; GTSM RFC 5082).
package dev.cairn.bgp.transport;

import java.util.OptionalInt;

/**
 * The IP TTL (IPv6 hop limit) a BGP session's packets leave with, and the least TTL its socket
 * accepts: the one place where cairn decides both. {@link NettyTransport} applies a neighbor's
 * policy to every socket of that neighbor, connecting or accepted, before the first BGP message.
 *
 * <ul>
 *   <li>eBGP: TTL 1 (RFC 4271 peers are adjacent unless configured otherwise), or {@code
 *       ebgp-multihop: N}: TTL N;
 *   <li>iBGP: the system's default TTL ({@code net.ipv4.ip_default_ttl}, usually 64);
 *   <li>{@code ttl-security: N} (GTSM, RFC 5082), eBGP or iBGP: TTL 255 out, and only packets that
 *       arrive with TTL ≥ 256 − N in (IP_MINTTL / IPV6_MINHOPCOUNT: the kernel drops the others).
 * </ul>
 *
 * @param sendTtl the TTL to send with, 1..255, or {@link #SYSTEM_DEFAULT}
 * @param minTtl the least TTL accepted, 0 for any
 */
public record TtlPolicy(int sendTtl, int minTtl) {
  /** {@code IP_TTL} / {@code IPV6_UNICAST_HOPS} value that selects the kernel's default. */
  public static final int SYSTEM_DEFAULT = -1;

  /** The kernel's default TTL, no check on what arrives (iBGP, and sockets of no neighbor). */
  public static final TtlPolicy DEFAULT = new TtlPolicy(SYSTEM_DEFAULT, 0);

  public TtlPolicy {
    if (sendTtl != SYSTEM_DEFAULT && (sendTtl < 1 || sendTtl > 255)) {
      throw new IllegalArgumentException("TTL out of range: " + sendTtl);
    }
    if (minTtl < 0 || minTtl > 255) {
      throw new IllegalArgumentException("minimum TTL out of range: " + minTtl);
    }
  }

  /**
   * The policy of a neighbor.
   *
   * @param ebgp the neighbor is in another AS
   * @param ebgpMultihop {@code ebgp-multihop}: the TTL of an eBGP session to a non-adjacent peer
   * @param ttlSecurity {@code ttl-security}: GTSM, the peer is at most this many hops away
   */
  public static TtlPolicy forNeighbor(
      boolean ebgp, OptionalInt ebgpMultihop, OptionalInt ttlSecurity) {
    if (ttlSecurity.isPresent()) {
      return gtsm(ttlSecurity.getAsInt());
    }
    if (!ebgp) {
      return DEFAULT;
    }
    return new TtlPolicy(ebgpMultihop.orElse(1), 0);
  }

  /** GTSM (RFC 5082 §3) for a peer at most {@code hops} (1..254) away. */
  public static TtlPolicy gtsm(int hops) {
    if (hops < 1 || hops > 254) {
      throw new IllegalArgumentException("GTSM hops out of range: " + hops);
    }
    return new TtlPolicy(255, 256 - hops);
  }

  /** True for GTSM: the listening socket must answer SYNs with TTL 255 too. */
  public boolean gtsm() {
    return minTtl > 0;
  }
}
