package dev.cairn.rib;

import dev.cairn.net.IpPrefix;

/**
 * What a protocol sees of the RIB: it offers its best route per prefix and takes it back, through
 * its {@link Channel}. A protocol never learns what other protocols offered through this interface;
 * what it redistributes comes from its channel's export instead (DESIGN §1). Calls are posted to
 * the RIB's owner loop by the implementation, so a protocol may call from its own loop.
 */
public interface RouteSink {

  /** Adds or replaces this protocol's route for {@code route.prefix()}. */
  void offer(Route route);

  /** Removes this protocol's route for {@code prefix}, if any. */
  void withdraw(Protocol protocol, IpPrefix prefix);

  /**
   * Adds a withdrawal to a batch for {@link #apply}: the protocol, then the prefix (two elements
   * and no object of its own: a full table withdrawn is a million of them).
   */
  static void withdrawal(java.util.List<Object> batch, Protocol protocol, IpPrefix prefix) {
    batch.add(protocol);
    batch.add(prefix);
  }

  /**
   * Applies a batch in order: each element is a {@link Route} (an offer), or a {@link Protocol}
   * followed by the {@link IpPrefix} it withdraws (see {@link #withdrawal}). The RIB takes a batch
   * as one task on its loop, so a protocol that changes many routes at once (a BGP UPDATE burst)
   * hands them over in one step instead of one per route.
   */
  default void apply(java.util.List<?> changes) {
    for (int i = 0; i < changes.size(); i++) {
      Object c = changes.get(i);
      if (c instanceof Route r) {
        offer(r);
      } else {
        withdraw((Protocol) c, (IpPrefix) changes.get(++i));
      }
    }
  }
}
