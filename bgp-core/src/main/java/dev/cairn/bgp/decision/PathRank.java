// The decision-process facts of one path as a value (RFC 4271 §9.1.2.2).
package dev.cairn.bgp.decision;

import dev.cairn.net.IpAddress;

/**
 * The facts about one path that the decision process compares, extracted once when the path enters
 * the Loc-RIB so that comparing is cheap and independent of attribute encoding.
 *
 * @param local originated by this router (announce/redistribute), not learned from a peer
 * @param ebgp learned from an external peer
 * @param neighborAs the first AS of the AS_PATH (0 for an empty path), the MED comparison group
 * @param localPref LOCAL_PREF, or 100 when absent
 * @param asPathLength RFC 4271 §9.1.2.2 a: a SET counts one, confederation segments none
 * @param asPath the AS_PATH value itself, compared for equality when multipath is not relaxed
 * @param origin 0 IGP, 1 EGP, 2 INCOMPLETE
 * @param med MULTI_EXIT_DISC, or 0 when absent (RFC 4271 §9.1.2.2 c)
 * @param igpMetric the cost to reach the next hop through the RIB
 * @param routerId ORIGINATOR_ID when present, else the peer's BGP identifier (unsigned)
 * @param clusterListLength number of CLUSTER_LIST entries
 * @param neighborAddress the peer's address ({@code null} for a local path)
 * @param pathId the ADD-PATH identifier received with the path (0 without ADD-PATH)
 */
public record PathRank(
    boolean local,
    boolean ebgp,
    long neighborAs,
    long localPref,
    int asPathLength,
    Object asPath,
    int origin,
    long med,
    long igpMetric,
    int routerId,
    int clusterListLength,
    IpAddress neighborAddress,
    int pathId)
    implements Ranked {}
