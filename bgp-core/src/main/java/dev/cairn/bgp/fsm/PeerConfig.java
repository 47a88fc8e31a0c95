// One neighbor's session settings: ASNs, timers, capabilities (RFC 4271 §4.2, §8; RFC 5492).
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.Capability;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one session needs to know about its neighbor.
 *
 * @param holdTime proposed hold time in seconds (0, or 3..65535)
 * @param keepaliveTime keepalive interval in seconds, or 0 for a third of the negotiated hold time
 * @param idleHoldTime first delay before an automatic restart after an error; it doubles with each
 *     failure up to {@code maxIdleHoldTime} (RFC 4271 §8.1.1 DampPeerOscillations)
 */
public record PeerConfig(
    long localAs,
    long peerAs,
    Ipv4Address routerId,
    IpAddress remoteAddress,
    IpAddress localAddress,
    int holdTime,
    int keepaliveTime,
    Duration connectRetryTime,
    boolean passive,
    List<Capability> capabilities,
    Duration idleHoldTime,
    Duration maxIdleHoldTime) {

  public PeerConfig {
    Objects.requireNonNull(routerId, "routerId");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    capabilities = List.copyOf(capabilities);
    if (holdTime == 1 || holdTime == 2 || holdTime < 0 || holdTime > 65535) {
      throw new IllegalArgumentException("hold time is 0 or 3..65535 seconds, not " + holdTime);
    }
  }

  /** Defaults: hold 90 s, keepalive a third of it, connect-retry 5 s, idle hold 1 s .. 120 s. */
  public static PeerConfig of(
      long localAs, long peerAs, Ipv4Address routerId, IpAddress remote, List<Capability> caps) {
    return new PeerConfig(
        localAs,
        peerAs,
        routerId,
        remote,
        null,
        90,
        0,
        Duration.ofSeconds(5),
        false,
        caps,
        Duration.ofSeconds(1),
        Duration.ofSeconds(120));
  }

  public boolean ebgp() {
    return localAs != peerAs;
  }

  public PeerConfig withHoldTime(int seconds) {
    return new PeerConfig(
        localAs,
        peerAs,
        routerId,
        remoteAddress,
        localAddress,
        seconds,
        keepaliveTime,
        connectRetryTime,
        passive,
        capabilities,
        idleHoldTime,
        maxIdleHoldTime);
  }

  public PeerConfig withPassive(boolean p) {
    return new PeerConfig(
        localAs,
        peerAs,
        routerId,
        remoteAddress,
        localAddress,
        holdTime,
        keepaliveTime,
        connectRetryTime,
        p,
        capabilities,
        idleHoldTime,
        maxIdleHoldTime);
  }

  public PeerConfig withPeerAs(long as) {
    return new PeerConfig(
        localAs,
        as,
        routerId,
        remoteAddress,
        localAddress,
        holdTime,
        keepaliveTime,
        connectRetryTime,
        passive,
        capabilities,
        idleHoldTime,
        maxIdleHoldTime);
  }
}
