package dev.cairn.rib;

import dev.cairn.net.IpAddress;
import java.util.function.Consumer;

/**
 * Recursive next-hop tracking as a protocol sees it (RFC 4271 §9.1.2.1: a route whose next hop is
 * unresolvable is not used). A protocol registers the addresses it cares about and is told when
 * their resolution changes; the RIB owns the answer.
 */
public interface NextHopResolver {

  /**
   * How {@code address} resolves now; registers it so that later changes are reported to the
   * listener given to {@link #onChange}.
   */
  Resolution track(IpAddress address);

  /** Stops reporting changes of {@code address}. */
  void untrack(IpAddress address);

  /** The listener told (on the protocol's loop) when a tracked address resolves differently. */
  void onChange(Consumer<IpAddress> listener);

  /**
   * How a next hop resolves.
   *
   * @param reachable a route covers the address
   * @param igpMetric the metric of the covering route (the BGP decision's "IGP cost")
   */
  record Resolution(boolean reachable, long igpMetric) {
    public static final Resolution UNREACHABLE = new Resolution(false, Long.MAX_VALUE);
    public static final Resolution CONNECTED = new Resolution(true, 0);
  }
}
