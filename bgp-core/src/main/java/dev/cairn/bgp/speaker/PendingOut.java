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
  private int[] index = new int[2 * SMALL]; // position + 1; 0: empty
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

  private static int slot(IpPrefix p, int mask) {
    int h = p.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /** Queues {@code a} for {@code p}, replacing what was queued for it (which keeps its place). */
  void put(IpPrefix p, Advert a) {
    int mask = index.length - 1;
    for (int i = slot(p, mask); ; i = (i + 1) & mask) {
      int pos = index[i] - 1;
      if (pos < 0) {
        if (size == prefixes.length) {
          prefixes = Arrays.copyOf(prefixes, size * 2);
          adverts = Arrays.copyOf(adverts, size * 2);
        }
        prefixes[size] = p;
        adverts[size] = a;
        index[i] = ++size;
        if (2 * size > index.length) {
          reindex(index.length * 2);
        }
        return;
      }
      if (prefixes[pos].equals(p)) {
        adverts[pos] = a;
        return;
      }
    }
  }

  private void reindex(int cap) {
    index = new int[cap];
    int mask = cap - 1;
    for (int pos = 0; pos < size; pos++) {
      int i = slot(prefixes[pos], mask);
      while (index[i] != 0) {
        i = (i + 1) & mask;
      }
      index[i] = pos + 1;
    }
  }

  /** Forgets everything queued; a big burst's arrays are given back. */
  void clear() {
    if (prefixes.length > 4 * SMALL) {
      prefixes = new IpPrefix[SMALL];
      adverts = new Advert[SMALL];
      index = new int[2 * SMALL];
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
