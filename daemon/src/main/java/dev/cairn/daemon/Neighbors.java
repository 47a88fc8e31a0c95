package dev.cairn.daemon;

import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.peer.InboundRules;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.transport.TtlPolicy;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.config.BgpConfig;
import dev.cairn.config.NeighborConfig;
import dev.cairn.config.Policy;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured and the dynamic BGP neighbors as the speaker and the transport see them: a {@link
 * NeighborConfig} made into a {@link Neighbor} (capabilities, timers, compiled policies, inbound
 * rules), with its TCP-MD5 password and TTL handed to the transport. Used on the BGP loop only.
 */
final class Neighbors {
  private final BgpSpeaker speaker;
  private final BgpComponent.Wire wire;
  private Map<String, RoutePolicy> policies = Map.of();

  Neighbors(BgpSpeaker speaker, BgpComponent.Wire wire) {
    this.speaker = speaker;
    this.wire = wire;
  }

  /** The compiled policies of a configuration, with the two built-in ones. */
  static Map<String, RoutePolicy> compile(Map<String, Policy> config) {
    Map<String, RoutePolicy> out = new HashMap<>();
    out.put(Policy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    out.put(Policy.REJECT_ALL, RoutePolicy.REJECT_ALL);
    for (Policy p : config.values()) {
      PolicyCompiler.checkCompilable(p);
      out.put(p.name(), PolicyCompiler.compile(p));
    }
    return out;
  }

  void setPolicies(Map<String, RoutePolicy> compiled) {
    policies = compiled;
  }

  /** Adds a configured neighbor; {@code enable}: start its session now (unless it is shut down). */
  void add(BgpConfig b, Ipv4Address routerId, NeighborConfig n, boolean enable) {
    transportSettings(b, n);
    speaker.addNeighbor(neighbor(b, routerId, n));
    if (enable && !n.shutdown()) {
      speaker.enable(n.address());
    }
  }

  /** Adds a neighbor found at run time with an import policy made at run time, and starts it. */
  void addDynamic(BgpConfig b, Ipv4Address routerId, NeighborConfig n, RoutePolicy importPolicy) {
    transportSettings(b, n);
    speaker.addNeighbor(neighbor(b, routerId, n).withImportPolicy(importPolicy));
    speaker.enable(n.address());
  }

  void remove(IpAddress address) {
    speaker.removeNeighbor(address);
    wire.password(address, null);
    wire.ttl(address, null);
  }

  /** New settings in place (no reset), a shutdown toggle included. */
  void update(BgpConfig b, Ipv4Address routerId, NeighborConfig old, NeighborConfig n) {
    speaker.updateNeighbor(neighbor(b, routerId, n));
    if (n.shutdown() && !old.shutdown()) {
      speaker.shutdown(n.address(), n.shutdownMessage().orElse("administratively down"));
    } else if (!n.shutdown() && old.shutdown()) {
      speaker.enable(n.address());
    }
  }

  private void transportSettings(BgpConfig b, NeighborConfig n) {
    wire.password(n.address(), n.password().orElse(null));
    boolean ebgp = n.asn() != b.asn();
    wire.ttl(n.address(), TtlPolicy.forNeighbor(ebgp, n.ebgpMultihop(), n.ttlSecurity()));
  }

  /** {@code n} as the speaker sees it. */
  Neighbor neighbor(BgpConfig b, Ipv4Address routerId, NeighborConfig n) {
    List<Capability> caps = new ArrayList<>();
    n.families().forEach(f -> caps.add(Capability.Multiprotocol.of(f)));
    caps.add(new Capability.RouteRefresh());
    caps.add(new Capability.FourOctetAs(b.asn()));
    if (b.gracefulRestart().enabled()) {
      // helper: we keep a restarting neighbor's routes; our own forwarding state is not kept
      caps.add(
          new Capability.GracefulRestart(
              false,
              false,
              (int) b.gracefulRestart().restartTime().toSeconds(),
              n.families().stream()
                  .map(
                      f ->
                          new Capability.GracefulRestartFamily(
                              f.afi().code(), f.safi().code(), false))
                  .toList()));
    }
    PeerConfig pc =
        new PeerConfig(
            b.asn(),
            n.asn(),
            routerId,
            n.address(),
            n.localAddress().orElse(null),
            (int) n.timers().hold().toSeconds(),
            (int) n.timers().keepalive().toSeconds(),
            n.timers().connectRetry(),
            n.passive(),
            caps,
            Duration.ofSeconds(1),
            Duration.ofSeconds(120));
    return new Neighbor(
        pc,
        n.importPolicy().map(policies::get).orElse(null),
        n.exportPolicy().map(policies::get).orElse(null),
        n.routeReflectorClient(),
        n.maxPrefixes().map(NeighborConfig.MaxPrefixes::limit).orElse(0L),
        n.maxPrefixes().flatMap(NeighborConfig.MaxPrefixes::restart).orElse(null),
        n.nextHopSelf(),
        new InboundRules(
            n.inbound().enforceFirstAs(),
            b.maxAsPathLength(n),
            n.inbound().dropUnknownAttributes(),
            n.maxPrefixes()
                .map(NeighborConfig.MaxPrefixes::warningThreshold)
                .orElse(NeighborConfig.MaxPrefixes.DEFAULT_WARNING_THRESHOLD)));
  }
}
