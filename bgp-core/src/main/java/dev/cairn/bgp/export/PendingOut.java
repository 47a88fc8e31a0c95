// The changes queued for one neighbor until they are sent (RFC 4271 §9.2 UPDATE-Send).
package dev.cairn.bgp.export;

import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixQueue;

/**
 * The changes queued for one neighbor until they are sent: per prefix the latest {@link Advert} (or
 * the withdrawal marker), in the order prefixes were first queued, taken off in chunks while the
 * neighbor reads (see {@link PrefixQueue}). Not thread-safe: the speaker's loop owns it.
 */
final class PendingOut extends PrefixQueue<Advert, Void> {

  /** Marks a queued withdrawal. */
  static final Advert WITHDRAW =
      new Advert(dev.cairn.bgp.wire.PathAttributes.builder().origin(2).build(), null);

  /** Queues {@code a} for {@code p}, replacing what was queued for it (which keeps its place). */
  void put(IpPrefix p, Advert a) {
    put(p, a, null);
  }

  Advert advert(int i) {
    return a(i);
  }
}
