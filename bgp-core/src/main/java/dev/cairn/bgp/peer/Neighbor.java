// One configured neighbor's settings as the speaker uses them (RFC 4271 §8, RFC 4456, RFC 4486, RFC
// 8212).
package dev.cairn.bgp.peer;

import dev.cairn.bgp.export.ExportRules;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.policy.RoutePolicy;

/**
 * A configured neighbor as the speaker sees it: its session settings and whether routes may flow in
 * and out. Without an import (export) policy an eBGP neighbor exchanges no routes (RFC 8212); an
 * iBGP neighbor accepts and sends everything.
 *
 * @param importPolicy {@code null} when none is configured
 * @param exportPolicy {@code null} when none is configured
 * @param routeReflectorClient an iBGP neighbor this router reflects routes to (RFC 4456)
 * @param maxPrefixes the most prefixes accepted from the neighbor (0: no limit); more end the
 *     session with Cease / Maximum Number of Prefixes Reached (RFC 4486)
 * @param maxPrefixRestart when to start again after that, or {@code null} to stay down
 * @param nextHopSelf iBGP: announce routes learned from eBGP with this router as next hop
 * @param inbound the checks its UPDATEs pass before the import policy, and the max-prefixes warning
 */
public record Neighbor(
    PeerConfig peer,
    RoutePolicy importPolicy,
    RoutePolicy exportPolicy,
    boolean routeReflectorClient,
    long maxPrefixes,
    java.time.Duration maxPrefixRestart,
    boolean nextHopSelf,
    InboundRules inbound) {

  public Neighbor {
    java.util.Objects.requireNonNull(inbound, "inbound");
  }

  /** With the default {@link InboundRules}. */
  public Neighbor(
      PeerConfig peer,
      RoutePolicy importPolicy,
      RoutePolicy exportPolicy,
      boolean routeReflectorClient,
      long maxPrefixes,
      java.time.Duration maxPrefixRestart,
      boolean nextHopSelf) {
    this(
        peer,
        importPolicy,
        exportPolicy,
        routeReflectorClient,
        maxPrefixes,
        maxPrefixRestart,
        nextHopSelf,
        InboundRules.DEFAULT);
  }

  /** These settings with other inbound rules. */
  public Neighbor withInbound(InboundRules rules) {
    return new Neighbor(
        peer,
        importPolicy,
        exportPolicy,
        routeReflectorClient,
        maxPrefixes,
        maxPrefixRestart,
        nextHopSelf,
        rules);
  }

  /**
   * The prefix count at which the max-prefixes warning is logged (0: no limit, no warning): the
   * warning threshold's share of the limit, rounded up.
   */
  public long warningAt() {
    return maxPrefixes <= 0
        ? 0
        : Math.max(1, (maxPrefixes * inbound.maxPrefixWarningPercent() + 99) / 100);
  }

  public Neighbor(PeerConfig peer, RoutePolicy importPolicy, RoutePolicy exportPolicy) {
    this(peer, importPolicy, exportPolicy, false, 0, null, false);
  }

  public Neighbor(
      PeerConfig peer,
      RoutePolicy importPolicy,
      RoutePolicy exportPolicy,
      boolean routeReflectorClient) {
    this(peer, importPolicy, exportPolicy, routeReflectorClient, 0, null, false);
  }

  /** This neighbor with another import policy (one the daemon makes at run time). */
  public Neighbor withImportPolicy(RoutePolicy p) {
    return new Neighbor(
        peer, p, exportPolicy, routeReflectorClient, maxPrefixes, maxPrefixRestart, nextHopSelf);
  }

  /** The import policy in force: RFC 8212 rejects everything from eBGP without one. */
  public RoutePolicy effectiveImport() {
    return importPolicy != null
        ? importPolicy
        : peer.ebgp() ? RoutePolicy.REJECT_ALL : RoutePolicy.ACCEPT_ALL;
  }

  /** The export policy in force: RFC 8212 sends nothing to eBGP without one. */
  public RoutePolicy effectiveExport() {
    return exportPolicy != null
        ? exportPolicy
        : peer.ebgp() ? RoutePolicy.REJECT_ALL : RoutePolicy.ACCEPT_ALL;
  }

  /** What decides this neighbor's exports besides the route. */
  public ExportRules exportRules() {
    return new ExportRules(effectiveExport(), peer.ebgp(), routeReflectorClient, nextHopSelf);
  }
}
