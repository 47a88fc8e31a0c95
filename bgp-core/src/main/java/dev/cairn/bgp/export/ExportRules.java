// The neighbor settings that decide what it is sent (RFC 4271 §9.2, RFC 4456 §6, RFC 8212).
package dev.cairn.bgp.export;

import dev.cairn.bgp.policy.RoutePolicy;

/**
 * What decides a neighbor's exports besides the route: its export policy in force (RFC 8212
 * applied), whether it is external, a route-reflector client, and whether it gets this router as
 * next hop. Neighbors with equal rules (and session encoding) can share one packed UPDATE stream.
 */
public record ExportRules(
    RoutePolicy policy, boolean ebgp, boolean reflectionClient, boolean nextHopSelf) {}
