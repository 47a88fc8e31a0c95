package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The BGP speaker.
 *
 * @param asn local 4-octet AS number
 * @param routerId BGP identifier override; absent: the global router id
 * @param listen where to accept BGP connections (default {@code [::]:179})
 * @param redistribute RIB routes offered to the export policies
 * @param announce prefixes originated as they are
 * @param clusterId route-reflector cluster id; absent: the router id (when any neighbor is a
 *     route-reflector client)
 * @param decision options of the decision process ({@code bgp.decision})
 * @param maxAsPathLength routes with a longer AS_PATH are treated as withdrawn (0: no limit);
 *     neighbors may override it
 */
public record BgpConfig(
    long asn,
    Optional<Ipv4Address> routerId,
    Endpoint listen,
    Multipath multipath,
    Set<Protocol> redistribute,
    List<IpPrefix> announce,
    Optional<Ipv4Address> clusterId,
    GracefulRestart gracefulRestart,
    List<NeighborConfig> neighbors,
    Decision decision,
    int maxAsPathLength) {

  /** The default {@code max-as-path-length}. */
  public static final int DEFAULT_MAX_AS_PATH_LENGTH = 255;

  /** With the default {@code max-as-path-length}. */
  public BgpConfig(
      long asn,
      Optional<Ipv4Address> routerId,
      Endpoint listen,
      Multipath multipath,
      Set<Protocol> redistribute,
      List<IpPrefix> announce,
      Optional<Ipv4Address> clusterId,
      GracefulRestart gracefulRestart,
      List<NeighborConfig> neighbors,
      Decision decision) {
    this(
        asn,
        routerId,
        listen,
        multipath,
        redistribute,
        announce,
        clusterId,
        gracefulRestart,
        neighbors,
        decision,
        DEFAULT_MAX_AS_PATH_LENGTH);
  }

  /** The AS_PATH length limit for {@code n}: its own, else this speaker's (0: none). */
  public int maxAsPathLength(NeighborConfig n) {
    return n.inbound().maxAsPathLength().orElse(maxAsPathLength);
  }

  public static final Endpoint DEFAULT_LISTEN = new Endpoint(IpAddress.parse("::"), 179);

  /** Without decision options: the defaults. */
  public BgpConfig(
      long asn,
      Optional<Ipv4Address> routerId,
      Endpoint listen,
      Multipath multipath,
      Set<Protocol> redistribute,
      List<IpPrefix> announce,
      Optional<Ipv4Address> clusterId,
      GracefulRestart gracefulRestart,
      List<NeighborConfig> neighbors) {
    this(
        asn,
        routerId,
        listen,
        multipath,
        redistribute,
        announce,
        clusterId,
        gracefulRestart,
        neighbors,
        Decision.DEFAULT);
  }

  /**
   * MED handling in the decision process (RFC 4271 §9.1.2.2 c): {@code always-compare-med} compares
   * MED across neighbor ASes; {@code deterministic-med} (default on) groups paths by neighbor AS
   * first so the result does not depend on arrival order.
   */
  public record Decision(boolean alwaysCompareMed, boolean deterministicMed) {
    public static final Decision DEFAULT = new Decision(false, true);
  }

  public BgpConfig {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(routerId, "routerId");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(multipath, "multipath");
    redistribute = Set.copyOf(redistribute);
    announce = List.copyOf(announce);
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(gracefulRestart, "gracefulRestart");
    neighbors = List.copyOf(neighbors);
  }

  /** The neighbor with this address, if configured. */
  public Optional<NeighborConfig> neighbor(IpAddress address) {
    return neighbors.stream().filter(n -> n.address().equals(address)).findFirst();
  }

  /**
   * BGP multipath: how many equal paths from eBGP / iBGP neighbors are used. 1 (the default)
   * disables multipath; {@code asPathRelax} lets paths with different AS_PATHs of equal length
   * share a route.
   */
  public record Multipath(int ebgp, int ibgp, boolean asPathRelax) {
    public static final Multipath DEFAULT = new Multipath(1, 1, false);
  }

  /** Graceful restart (RFC 4724); restart time is what we advertise to peers, 1..4095 s. */
  public record GracefulRestart(boolean enabled, Duration restartTime) {
    public static final GracefulRestart DEFAULT =
        new GracefulRestart(false, Duration.ofSeconds(120));

    public GracefulRestart {
      Objects.requireNonNull(restartTime, "restartTime");
    }
  }
}
