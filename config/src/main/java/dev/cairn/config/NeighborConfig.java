package dev.cairn.config;

import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One configured BGP neighbor.
 *
 * @param password TCP-MD5 key (RFC 2385)
 * @param families negotiated families; default ipv4-unicast for an IPv4 neighbor address,
 *     ipv6-unicast for IPv6
 * @param ttlSecurity GTSM (RFC 5082): the peer is at most this many hops away
 * @param ebgpMultihop TTL for eBGP sessions to non-adjacent peers
 * @param importPolicy policy name; <em>absent</em> is distinct from {@code accept-all}: the speaker
 *     applies RFC 8212 (no routes accepted or sent) when absent
 * @param exportPolicy policy name, absent as for {@code importPolicy}
 * @param shutdown administratively down (RFC 8203 / 9003 message in {@code shutdownMessage})
 * @param inbound checks on what the neighbor sends, before its import policy
 */
public record NeighborConfig(
    IpAddress address,
    long asn,
    Optional<String> description,
    Optional<String> password,
    List<Family> families,
    boolean routeReflectorClient,
    boolean nextHopSelf,
    boolean passive,
    Optional<IpAddress> localAddress,
    OptionalInt ttlSecurity,
    OptionalInt ebgpMultihop,
    Timers timers,
    Optional<MaxPrefixes> maxPrefixes,
    Optional<String> importPolicy,
    Optional<String> exportPolicy,
    boolean shutdown,
    Optional<String> shutdownMessage,
    Inbound inbound) {

  /** With the default {@link Inbound} checks. */
  public NeighborConfig(
      IpAddress address,
      long asn,
      Optional<String> description,
      Optional<String> password,
      List<Family> families,
      boolean routeReflectorClient,
      boolean nextHopSelf,
      boolean passive,
      Optional<IpAddress> localAddress,
      OptionalInt ttlSecurity,
      OptionalInt ebgpMultihop,
      Timers timers,
      Optional<MaxPrefixes> maxPrefixes,
      Optional<String> importPolicy,
      Optional<String> exportPolicy,
      boolean shutdown,
      Optional<String> shutdownMessage) {
    this(
        address,
        asn,
        description,
        password,
        families,
        routeReflectorClient,
        nextHopSelf,
        passive,
        localAddress,
        ttlSecurity,
        ebgpMultihop,
        timers,
        maxPrefixes,
        importPolicy,
        exportPolicy,
        shutdown,
        shutdownMessage,
        Inbound.DEFAULT);
  }

  public NeighborConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(password, "password");
    families = List.copyOf(families);
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(ttlSecurity, "ttlSecurity");
    Objects.requireNonNull(ebgpMultihop, "ebgpMultihop");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(maxPrefixes, "maxPrefixes");
    Objects.requireNonNull(importPolicy, "importPolicy");
    Objects.requireNonNull(exportPolicy, "exportPolicy");
    Objects.requireNonNull(shutdownMessage, "shutdownMessage");
    Objects.requireNonNull(inbound, "inbound");
  }

  /** Hides the password so that records can be logged. */
  @Override
  public String toString() {
    return "NeighborConfig[address="
        + address
        + ", asn="
        + asn
        + ", description="
        + description
        + ", password="
        + password.map(p -> "<redacted>")
        + ", families="
        + families
        + ", routeReflectorClient="
        + routeReflectorClient
        + ", nextHopSelf="
        + nextHopSelf
        + ", passive="
        + passive
        + ", localAddress="
        + localAddress
        + ", ttlSecurity="
        + ttlSecurity
        + ", ebgpMultihop="
        + ebgpMultihop
        + ", timers="
        + timers
        + ", maxPrefixes="
        + maxPrefixes
        + ", importPolicy="
        + importPolicy
        + ", exportPolicy="
        + exportPolicy
        + ", shutdown="
        + shutdown
        + ", shutdownMessage="
        + shutdownMessage
        + ", inbound="
        + inbound
        + "]";
  }

  /**
   * Session timers. Defaults: hold 90 s, keepalive 30 s (hold / 3), connect-retry 5 s. The
   * connect-retry default is much shorter than BIRD's and FRR's 120 s on purpose: Kubernetes nodes
   * come and go, and a peer that restarts should be reconnected within seconds.
   */
  public record Timers(Duration hold, Duration keepalive, Duration connectRetry) {
    public static final Timers DEFAULT =
        new Timers(Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(5));

    public Timers {
      Objects.requireNonNull(hold, "hold");
      Objects.requireNonNull(keepalive, "keepalive");
      Objects.requireNonNull(connectRetry, "connectRetry");
    }
  }

  /**
   * Maximum number of prefixes accepted from the neighbor; when exceeded the session is closed (RFC
   * 4486 Cease subcode 1) and, if {@code restart} is present, re-established after it.
   */
  public record MaxPrefixes(long limit, Optional<Duration> restart, int warningThreshold) {
    /** The default warning threshold, in percent of the limit. */
    public static final int DEFAULT_WARNING_THRESHOLD = 75;

    public MaxPrefixes {
      Objects.requireNonNull(restart, "restart");
    }

    /** With the default warning threshold (75 %). */
    public MaxPrefixes(long limit, Optional<Duration> restart) {
      this(limit, restart, DEFAULT_WARNING_THRESHOLD);
    }
  }

  /**
   * Checks on the routes a neighbor sends, before its import policy sees them (issue 17).
   *
   * @param enforceFirstAs {@code enforce-first-as} (eBGP, default true): the first AS of the
   *     AS_PATH must be the neighbor's, else its routes are treated as withdrawn; false for route
   *     servers
   * @param maxAsPathLength {@code max-as-path-length}: overrides {@code bgp.max-as-path-length}
   * @param dropUnknownAttributes {@code drop-unknown-attributes} (default false): discard unknown
   *     optional transitive attributes instead of passing them on
   */
  public record Inbound(
      boolean enforceFirstAs, OptionalInt maxAsPathLength, boolean dropUnknownAttributes) {
    public static final Inbound DEFAULT = new Inbound(true, OptionalInt.empty(), false);

    public Inbound {
      Objects.requireNonNull(maxAsPathLength, "maxAsPathLength");
    }
  }
}
