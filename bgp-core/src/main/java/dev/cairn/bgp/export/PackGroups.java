// Update packing's grouping of a chunk of changes by attributes (RFC 4271 §9.2, §4.3).
package dev.cairn.bgp.export;

import java.util.Arrays;

/**
 * Update packing's grouping (reused from pack to pack; the speaker's loop owns it): the queued
 * announcements of one chunk, numbered {@code 0..n-1}, gathered into groups of equal {@link Advert}
 * and family, in the order each group was first seen, each group a chain of its indices in queue
 * order. Held in int arrays with an open-addressing index, so a chunk of a full table costs no map
 * entry, list builder or regrown array per group (a million distinct attribute sets made some 100
 * MB of such garbage).
 */
final class PackGroups {
  private Advert[] advert = new Advert[16];
  private int[] family = new int[16];
  private int[] count = new int[16];
  private int[] first = new int[16];
  private int[] last = new int[16];
  private int groups;
  private int[] next = new int[16]; // per index: the next index of its group, -1 at the end
  private int[] index = new int[32]; // open addressing: group + 1, 0 empty
  private int lastGroup = -1;

  /** Starts a chunk of at most {@code n} indices. */
  void reset(int n) {
    if (next.length < n) {
      next = new int[Integer.highestOneBit(n) * 2];
    }
    int cap = Integer.highestOneBit(Math.max(16, n)) * 4; // at most half full
    if (index.length < cap || index.length > 4 * cap) {
      index = new int[cap];
    } else {
      Arrays.fill(index, 0);
    }
    groups = 0;
    lastGroup = -1;
  }

  /** Puts index {@code i} (announcing {@code a} in family {@code f}) at the end of its group. */
  void add(Advert a, int f, int i) {
    int g = lastGroup; // consecutive changes mostly share one export: skip the lookup
    if (g < 0 || (advert[g] != a || family[g] != f)) {
      g = find(a, f);
      lastGroup = g;
    }
    if (count[g] == 0) {
      first[g] = i;
    } else {
      next[last[g]] = i;
    }
    last[g] = i;
    next[i] = -1;
    count[g]++;
  }

  private int find(Advert a, int f) {
    int mask = index.length - 1;
    int h = a.hashCode() * 31 + f;
    h ^= h >>> 16;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      int e = index[s];
      if (e == 0) {
        int g = groups++;
        if (g == advert.length) {
          int cap = 2 * g;
          advert = Arrays.copyOf(advert, cap);
          family = Arrays.copyOf(family, cap);
          count = Arrays.copyOf(count, cap);
          first = Arrays.copyOf(first, cap);
          last = Arrays.copyOf(last, cap);
        }
        advert[g] = a;
        family[g] = f;
        count[g] = 0;
        index[s] = g + 1;
        return g;
      }
      int g = e - 1;
      if (family[g] == f && (advert[g] == a || advert[g].equals(a))) {
        return g;
      }
    }
  }

  int groups() {
    return groups;
  }

  Advert advert(int g) {
    return advert[g];
  }

  int family(int g) {
    return family[g];
  }

  int count(int g) {
    return count[g];
  }

  /** The first index of group {@code g}; {@link #next} walks the rest. */
  int first(int g) {
    return first[g];
  }

  int next(int i) {
    return next[i];
  }

  /**
   * The groups whose attributes do not fit one UPDATE on a session with {@code ctx} (family 0 is
   * {@code families[0]}, ...), or {@code null} when all fit, as they nearly always do.
   */
  boolean[] unfit(dev.cairn.net.Family[] families, dev.cairn.bgp.wire.CodecContext ctx) {
    boolean[] out = null;
    for (int g = 0; g < groups; g++) {
      Advert a = advert[g];
      if (!dev.cairn.bgp.wire.UpdatePacker.fits(
          a.attributes(), families[family[g]], a.mpNextHop(), null, ctx)) {
        out = out == null ? new boolean[groups] : out;
        out[g] = true;
      }
    }
    return out;
  }

  /** Lets go of the adverts (they are garbage once packed). */
  void clear() {
    Arrays.fill(advert, 0, groups, null);
    groups = 0;
    lastGroup = -1;
  }
}
