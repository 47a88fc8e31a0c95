package dev.cairn.net;

import java.util.Arrays;

/**
 * Changes waiting for a consumer that takes them in chunks: per prefix the latest change (two
 * values, {@code A} and {@code B}), in the order prefixes were first queued. Held in parallel
 * arrays with an open-addressing index of positions, so a queued change costs no object (a map
 * would spend an entry of 40 bytes, and the change its own object, on each of a million). An IPv4
 * prefix is kept packed in a {@code long} (its object is built again when asked for): a neighbor
 * that falls a full table behind would otherwise hold a million prefix objects of 24 bytes, which
 * the paths no longer share since they keep their prefixes as fields. Not thread-safe: one loop
 * owns it.
 *
 * <p>The oldest changes can be taken off the front ({@link #dropFirst}) while the rest wait: a
 * consumer that is slower than the changes come (a neighbor that reads slowly, a kernel busy with a
 * full table) gets them in chunks, and what changes again meanwhile is replaced in place (or queued
 * anew when its earlier change has already gone). Used for a BGP neighbor's pending UPDATEs and for
 * a RIB subscriber's pending changes.
 */
public class PrefixQueue<A, B> {
  private static final int SMALL = 64;

  private static final long V4 = 1L << 62; // tags a packed IPv4 prefix in keys; 0: see v6

  private long[] keys = new long[SMALL]; // per position: the packed IPv4 prefix | V4, or 0
  private IpPrefix[] v6; // per position: the IPv6 prefix (allocated with the first one)
  private Object[] as = new Object[SMALL];
  private Object[] bs = new Object[SMALL];
  // per slot: the prefix's hash in the high half, its position + 1 in the low half; 0: empty (the
  // hash spares reading prefixes that only share the slot)
  private long[] index = new long[2 * SMALL];
  private int size; // positions used, including those already taken off the front
  private int head; // positions below this have been taken (dropFirst)

  /** How many changes wait. */
  public int size() {
    return size - head;
  }

  public boolean isEmpty() {
    return size == head;
  }

  /** Room in the arrays (for tests: taken changes are compacted away, not kept growing). */
  public int capacity() {
    return keys.length;
  }

  /** The prefix of the {@code i}-th waiting change (0: the oldest). */
  public IpPrefix prefix(int i) {
    return prefixAt(head + i);
  }

  /** Whether the {@code i}-th waiting change is for an IPv6 prefix. */
  public boolean isV6(int i) {
    return keys[head + i] == 0;
  }

  /** The {@code i}-th waiting change's IPv4 prefix, packed ({@link Ipv4Prefix#pack}). */
  public long packedV4(int i) {
    return keys[head + i] & ~V4;
  }

  private IpPrefix prefixAt(int pos) {
    long k = keys[pos];
    return k != 0 ? Ipv4Prefix.unpack(k & ~V4) : v6[pos];
  }

  private static long key(IpPrefix p) {
    return p instanceof Ipv4Prefix v4 ? v4.pack() | V4 : 0;
  }

  /** Whether position {@code pos} holds prefix {@code p}, whose key is {@code k}. */
  private boolean holds(int pos, long k, IpPrefix p) {
    return k != 0 ? keys[pos] == k : keys[pos] == 0 && p.equals(v6[pos]);
  }

  /** The first value of the {@code i}-th waiting change. */
  @SuppressWarnings("unchecked")
  public A a(int i) {
    return (A) as[head + i];
  }

  /** The second value of the {@code i}-th waiting change. */
  @SuppressWarnings("unchecked")
  public B b(int i) {
    return (B) bs[head + i];
  }

  private static int hash(IpPrefix p) {
    return mix(p.hashCode());
  }

  /** The hash of the prefix at {@code pos}, an IPv4 one without building it. */
  private int hashAt(int pos) {
    long k = keys[pos];
    if (k == 0) {
      return hash(v6[pos]);
    }
    return mix(Ipv4Prefix.hashCode(Ipv4Prefix.packedBits(k), Ipv4Prefix.packedLength(k)));
  }

  private static int mix(int hashCode) {
    int h = hashCode * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /**
   * Queues {@code (a, b)} for {@code p}, replacing what was queued for it (which keeps its place).
   */
  public void put(IpPrefix p, A a, B b) {
    if (size == keys.length) {
      grow(); // (before probing: a compaction moves everything)
    }
    int mask = index.length - 1;
    int h = hash(p);
    long k = key(p);
    int i = h & mask;
    for (long e; (e = index[i]) != 0; i = (i + 1) & mask) {
      int pos = (int) e - 1;
      if ((int) (e >>> 32) == h && holds(pos, k, p)) {
        if (pos >= head) {
          as[pos] = a;
          bs[pos] = b;
          return;
        }
        break; // its earlier change has been taken: this one goes at the end
      }
    }
    // a new position at the end, in index slot i (empty, or the taken change's)
    keys[size] = k;
    if (k == 0) {
      if (v6 == null) {
        v6 = new IpPrefix[keys.length];
      }
      v6[size] = p;
    }
    as[size] = a;
    bs[size] = b;
    index[i] = ((long) h << 32) | ++size;
    if (2 * size > index.length) {
      reindex(index.length * 2);
    }
  }

  /** Whether a change for {@code p} waits. */
  public boolean contains(IpPrefix p) {
    int mask = index.length - 1;
    int h = hash(p);
    long k = key(p);
    for (int i = h & mask; ; i = (i + 1) & mask) {
      long e = index[i];
      if (e == 0) {
        return false;
      }
      int pos = (int) e - 1;
      if ((int) (e >>> 32) == h && holds(pos, k, p)) {
        return pos >= head;
      }
    }
  }

  /** Room for more: moves the waiting changes to the front when half was taken, else doubles. */
  private void grow() {
    if (head >= size / 2 && head > 0) {
      compact();
    } else {
      keys = Arrays.copyOf(keys, keys.length * 2);
      if (v6 != null) {
        v6 = Arrays.copyOf(v6, keys.length);
      }
      as = Arrays.copyOf(as, as.length * 2);
      bs = Arrays.copyOf(bs, bs.length * 2);
    }
  }

  /** Moves the waiting changes to positions 0.. and rebuilds the index without the taken ones. */
  private void compact() {
    int n = size - head;
    System.arraycopy(keys, head, keys, 0, n);
    System.arraycopy(as, head, as, 0, n);
    System.arraycopy(bs, head, bs, 0, n);
    Arrays.fill(keys, n, size, 0);
    Arrays.fill(as, n, size, null);
    Arrays.fill(bs, n, size, null);
    if (v6 != null) {
      System.arraycopy(v6, head, v6, 0, n);
      Arrays.fill(v6, n, size, null);
    }
    head = 0;
    size = n;
    Arrays.fill(index, 0);
    for (int pos = 0; pos < n; pos++) {
      place(((long) hashAt(pos) << 32) | (pos + 1));
    }
  }

  /**
   * Takes the {@code n} oldest waiting changes off the queue (they have been sent). Their prefixes
   * keep their index slots until the next compaction, so a later change finds and reuses them.
   */
  public void dropFirst(int n) {
    if (n >= size - head) {
      clear();
      return;
    }
    for (int pos = head; pos < head + n; pos++) {
      as[pos] = null; // (the prefix stays: its index slot is matched by it)
      bs[pos] = null;
    }
    head += n;
  }

  private void reindex(int cap) {
    long[] old = index;
    index = new long[cap];
    for (long e : old) {
      if (e != 0) {
        place(e);
      }
    }
  }

  /** Puts index entry {@code e} (hash, position + 1) in the first free slot from its home. */
  private void place(long e) {
    int mask = index.length - 1;
    int i = (int) (e >>> 32) & mask;
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = e;
  }

  /**
   * Forgets everything queued. The arrays stay for the next burst of about the same size (a table
   * flows through in many equal batches); they are given back when much less was used.
   */
  public void clear() {
    if (keys.length > 4 * SMALL && size < keys.length / 4) {
      int cap = Math.max(SMALL, Integer.highestOneBit(Math.max(1, size)) * 2);
      keys = new long[cap];
      v6 = null;
      as = new Object[cap];
      bs = new Object[cap];
      index = new long[2 * cap];
    } else {
      Arrays.fill(keys, 0, size, 0);
      if (v6 != null) {
        Arrays.fill(v6, 0, size, null);
      }
      Arrays.fill(as, 0, size, null);
      Arrays.fill(bs, 0, size, null);
      Arrays.fill(index, 0);
    }
    size = 0;
    head = 0;
  }

  /**
   * Whether the {@code n} oldest waiting changes here (or all, if fewer) equal those of {@code
   * other}, compared in place (nothing copied).
   */
  public boolean sameFirst(PrefixQueue<?, ?> other, int n) {
    int k = Math.min(n, size());
    if (k != Math.min(n, other.size())) {
      return false;
    }
    for (int i = 0; i < k; i++) {
      int x = head + i;
      int y = other.head + i;
      if (keys[x] != other.keys[y]
          || (keys[x] == 0 && !v6[x].equals(other.v6[y]))
          || !java.util.Objects.equals(as[x], other.as[y])
          || !java.util.Objects.equals(bs[x], other.bs[y])) {
        return false;
      }
    }
    return true;
  }
}
