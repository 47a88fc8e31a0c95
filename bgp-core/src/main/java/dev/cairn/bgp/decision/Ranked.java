// What the decision process compares about a path (RFC 4271 §9.1.2.2, RFC 4456 §9).
package dev.cairn.bgp.decision;

import dev.cairn.net.IpAddress;

/**
 * What the decision process compares about a path (see {@link PathRank} for each fact). The
 * speaker's own paths answer these from their attributes directly, so that selecting among several
 * paths builds nothing; {@link PathRank} is the same facts as a value.
 */
public interface Ranked {
  boolean local();

  boolean ebgp();

  long neighborAs();

  long localPref();

  int asPathLength();

  Object asPath();

  int origin();

  long med();

  long igpMetric();

  int routerId();

  int clusterListLength();

  IpAddress neighborAddress();

  int pathId();
}
