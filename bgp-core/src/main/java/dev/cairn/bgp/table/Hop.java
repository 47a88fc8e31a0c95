// A next hop shared by the paths through it, and how the RIB resolves it (RFC 4271 §9.1.2.1).
package dev.cairn.bgp.table;

import dev.cairn.net.IpAddress;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.NextHopResolver;
import java.util.List;

/**
 * A next hop that paths use, shared by all of them: its address, how the RIB resolves it (kept
 * here, so ranking a path needs no lookup), and the one-hop list of the RIB routes through it. Only
 * {@link NextHops} changes its resolution.
 */
public final class Hop {
  final IpAddress address;
  NextHopResolver.Resolution resolution = NextHopResolver.Resolution.UNREACHABLE;
  final List<NextHop> single; // (final: paths hand it to the RIB's thread)

  Hop(IpAddress address) {
    this.address = address;
    this.single = List.of(NextHop.via(address));
  }

  public IpAddress address() {
    return address;
  }

  public NextHopResolver.Resolution resolution() {
    return resolution;
  }

  /** The one-hop next-hop list of a RIB route through this hop (shared, never copied). */
  public List<NextHop> single() {
    return single;
  }
}
