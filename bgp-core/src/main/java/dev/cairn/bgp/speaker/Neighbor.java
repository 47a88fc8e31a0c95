package dev.cairn.bgp.speaker;

import dev.cairn.bgp.fsm.PeerConfig;

/**
 * A configured neighbor as the speaker sees it: its session settings and whether routes may flow in
 * and out. Without an import (export) policy an eBGP neighbor exchanges no routes (RFC 8212); an
 * iBGP neighbor accepts and sends everything.
 *
 * @param importPolicy {@code null} when none is configured, else the policy name ("accept-all")
 * @param exportPolicy {@code null} when none is configured, else the policy name ("accept-all")
 * @param routeReflectorClient an iBGP neighbor this router reflects routes to (RFC 4456)
 */
public record Neighbor(
    PeerConfig peer, String importPolicy, String exportPolicy, boolean routeReflectorClient) {

  public Neighbor(PeerConfig peer, String importPolicy, String exportPolicy) {
    this(peer, importPolicy, exportPolicy, false);
  }

  boolean importsAllowed() {
    return importPolicy != null ? !importPolicy.equals("reject-all") : !peer.ebgp();
  }

  boolean exportsAllowed() {
    return exportPolicy != null ? !exportPolicy.equals("reject-all") : !peer.ebgp();
  }
}
