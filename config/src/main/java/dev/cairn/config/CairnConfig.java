package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.List;

/**
 * The validated configuration (DESIGN §6), immutable. This first version covers what the BGP
 * speaker needs: {@code router-id} and the {@code bgp:} section.
 */
public record CairnConfig(Ipv4Address routerId, Bgp bgp) {

  /** The {@code bgp:} section. */
  public record Bgp(
      long asn,
      IpAddress listenAddress,
      int listenPort,
      int ebgpMaxPaths,
      int ibgpMaxPaths,
      boolean asPathRelax,
      List<IpPrefix> announce,
      List<Neighbor> neighbors) {
    public Bgp {
      announce = List.copyOf(announce);
      neighbors = List.copyOf(neighbors);
    }
  }

  /**
   * One {@code bgp.neighbors} entry.
   *
   * @param importPolicy {@code null} when absent (RFC 8212 applies to eBGP)
   * @param exportPolicy {@code null} when absent
   */
  public record Neighbor(
      IpAddress address,
      long asn,
      String description,
      String password,
      boolean passive,
      IpAddress localAddress,
      Duration holdTime,
      Duration keepalive,
      Duration connectRetry,
      String importPolicy,
      String exportPolicy) {}
}
