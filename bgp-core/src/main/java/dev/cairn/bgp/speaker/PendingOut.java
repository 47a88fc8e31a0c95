package dev.cairn.bgp.speaker;

import dev.cairn.net.IpPrefix;
import java.util.Arrays;
import java.util.List;

/**
 * The changes queued for one neighbor until the next flush: per prefix the latest {@link Advert}
 * (or the withdrawal marker), in the order prefixes were first queued. Held in parallel arrays with
 * an open-addressing index of positions, so a queued change costs no object (a map would spend an
 * entry of 40 bytes on each of a million changes). Not thread-safe: the speaker's loop owns it.
 */
final class PendingOut {
  private static final int SMALL = 64;

  private IpPrefix[] prefixes = new IpPrefix[SMALL];
  private Advert[] adverts = new Advert[SMALL];
  // per slot: the prefix's hash in the high half, its position + 1 in the low half; 0: empty (the
  // hash spares reading prefixes that only share the slot)
  private long[] index = new long[2 * SMALL];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  IpPrefix prefix(int i) {
    return prefixes[i];
  }

  Advert advert(int i) {
    return adverts[i];
  }

  private static int hash(IpPrefix p) {
    int h = p.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Queues {@code a} for {@code p}, replacing what was queued for it (which keeps its place). */
  void put(IpPrefix p, Advert a) {
    int mask = index.length - 1;
    int h = hash(p);
    for (int i = h & mask; ; i = (i + 1) & mask) {
      long e = index[i];
      if (e == 0) {
        if (size == prefixes.length) {
          prefixes = Arrays.copyOf(prefixes, size * 2);
          adverts = Arrays.copyOf(adverts, size * 2);
        }
        prefixes[size] = p;
        adverts[size] = a;
        index[i] = ((long) h << 32) | ++size;
        if (2 * size > index.length) {
          reindex(index.length * 2);
        }
        return;
      }
      int pos = (int) e - 1;
      if ((int) (e >>> 32) == h && prefixes[pos].equals(p)) {
        adverts[pos] = a;
        return;
      }
    }
  }

  private void reindex(int cap) {
    long[] old = index;
    index = new long[cap];
    int mask = cap - 1;
    for (long e : old) {
      if (e != 0) {
        int i = (int) (e >>> 32) & mask;
        while (index[i] != 0) {
          i = (i + 1) & mask;
        }
        index[i] = e;
      }
    }
  }

  /**
   * Forgets everything queued. The arrays stay for the next burst of about the same size (a table
   * flows through in many equal batches); they are given back when much less was used.
   */
  void clear() {
    if (prefixes.length > 4 * SMALL && size < prefixes.length / 4) {
      int cap = Math.max(SMALL, Integer.highestOneBit(Math.max(1, size)) * 2);
      prefixes = new IpPrefix[cap];
      adverts = new Advert[cap];
      index = new long[2 * cap];
    } else {
      Arrays.fill(prefixes, 0, size, null);
      Arrays.fill(adverts, 0, size, null);
      Arrays.fill(index, 0);
    }
    size = 0;
  }

  /** What is queued, as a value (to compare neighbors' pending changes for update groups). */
  Object contents() {
    return List.of(
        Arrays.asList(Arrays.copyOf(prefixes, size)), Arrays.asList(Arrays.copyOf(adverts, size)));
  }
}
