// Where a path came from, as the Loc-RIB, the decision process and export see a neighbor
// (RFC 4271 §9.1.2.2 router ID and neighbor address; RFC 4456 §6-8 reflection).
package dev.cairn.bgp.table;

import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;

/** A neighbor that paths come from; {@code null} stands for this router everywhere. */
public interface PathSource {
  /** Whether the session is external BGP. */
  boolean ebgp();

  /** The neighbor's address. */
  IpAddress address();

  /** Its BGP identifier, kept after the session ends (its stale paths need it); or null. */
  Ipv4Address remoteId();

  /** {@link #remoteId()} as bits, 0 while unknown. */
  default int routerIdBits() {
    Ipv4Address id = remoteId();
    return id == null ? 0 : id.bits();
  }

  /** Whether it is a route-reflector client (RFC 4456 §6). */
  boolean reflectionClient();
}
