// A neighbor's export attributes per attribute set, before its policy (RFC 4271 §9.2).
package dev.cairn.bgp.export;

import dev.cairn.bgp.wire.PathAttributes;

/**
 * A neighbor's export attributes before its policy, per (path attributes, source, family): what
 * depends only on the path and the session. A prefix's export is a lookup here, not a rebuild of
 * its attributes. Direct-mapped: a fixed array where a new entry overwrites the one in its slot, so
 * the cache costs the same whatever the table size, allocates nothing on a lookup, and a full feed
 * whose attribute sets arrive in runs hits on all but the first prefix of each run.
 */
public final class ExportCache {
  private static final int SLOTS = 4096;

  private final PathAttributes[] attrs = new PathAttributes[SLOTS];
  private final Object[] from = new Object[SLOTS];
  private final boolean[] v6 = new boolean[SLOTS];
  private final Advert[] out = new Advert[SLOTS];

  private static int slot(PathAttributes a, Object source, boolean v6) {
    int h = System.identityHashCode(a) * 31 + System.identityHashCode(source) + (v6 ? 1 : 0);
    h *= 0x9E3779B9;
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /**
   * The cached export of {@code a} from {@code source}, or {@code null}: its attributes, as an
   * {@link Advert} without an MP next hop (what an IPv4 prefix is sent when the policy keeps them).
   */
  Advert get(PathAttributes a, Object source, boolean ipv6) {
    int i = slot(a, source, ipv6);
    return attrs[i] == a && from[i] == source && v6[i] == ipv6 ? out[i] : null;
  }

  void put(PathAttributes a, Object source, boolean ipv6, Advert export) {
    int i = slot(a, source, ipv6);
    attrs[i] = a;
    from[i] = source;
    v6[i] = ipv6;
    out[i] = export;
  }
}
