package dev.cairn.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An open-addressing hash table of elements that carry their own prefix (DESIGN §4: no node object
 * per entry). A table of a million routes costs a reference and an 8-byte key per slot plus the
 * load-factor headroom, about 27 bytes an element, where a {@code HashMap} spends ~40 (node and
 * slot). The stored keys let a probe skip other elements without reading them (a cache miss each).
 * Elements are found by the prefix that {@code keyOf} reads from them; a set of prefixes is a table
 * whose elements are the prefixes themselves ({@link #ofPrefixes()}). Linear probing with
 * backward-shift deletion keeps probe chains short without tombstones. Not thread-safe: a table has
 * one owner.
 *
 * <p>A big table is split into segments (extendible hashing): the top bits of an element's hash
 * pick a segment through a directory, and a full segment splits in two, in place and into one new
 * segment, instead of the whole table being copied into arrays twice its size. Growing to a million
 * elements then leaves no garbage behind: a doubling table leaves its old arrays (as much again as
 * the final table) to the collector, which by then has moved them to the old generation, where they
 * are resident memory until a full collection.
 */
public final class PrefixTable<E> {
  private static final float LOAD = 0.6f;
  private static final int MIN = 16;

  /**
   * One open-addressing table of the directory: its slots, their keys and its depth. A key is the
   * IPv4 prefix itself, packed and tagged (so an IPv4 probe decides on the key alone, without
   * reading the element or its prefix object: two cache misses fewer per lookup of a full table),
   * or a 64-bit hash of the IPv6 prefix, confirmed by comparing the element's prefix; 0: empty.
   */
  private static final class Segment {
    Object[] slots;
    long[] keys;
    int size;
    int mask;
    int resizeAt;
    int depth; // how many top hash bits all its elements share (extendible hashing)

    Segment(int cap, int depth) {
      allocate(cap);
      this.depth = depth;
    }

    void allocate(int cap) {
      slots = new Object[cap];
      keys = new long[cap];
      mask = cap - 1;
      resizeAt = (int) (cap * LOAD);
    }
  }

  private final Function<? super E, ? extends IpPrefix> keyOf;
  private final int maxSegment;
  private Segment[] dir;
  private int dirBits; // the directory has 2^dirBits entries
  private int size;

  public PrefixTable(Function<? super E, ? extends IpPrefix> keyOf) {
    this(keyOf, 1 << 16);
  }

  /** A table whose segments hold at most {@code maxSegment} slots (a power of two; for tests). */
  PrefixTable(Function<? super E, ? extends IpPrefix> keyOf, int maxSegment) {
    if (Integer.bitCount(maxSegment) != 1 || maxSegment < MIN) {
      throw new IllegalArgumentException("segment size " + maxSegment);
    }
    this.keyOf = keyOf;
    this.maxSegment = maxSegment;
    reset();
  }

  private void reset() {
    dir = new Segment[] {new Segment(MIN, 0)};
    dirBits = 0;
    size = 0;
  }

  /** A set of prefixes. */
  public static PrefixTable<IpPrefix> ofPrefixes() {
    return new PrefixTable<>(Function.identity());
  }

  private static final long V4 = 1L << 62; // the tag of an exact IPv4 key

  /** The key of {@code p}: exact for IPv4, a hash for IPv6 (never 0, never tagged). */
  private static long key(IpPrefix p) {
    if (p instanceof Ipv4Prefix v4) {
      return v4.pack() | V4;
    }
    Ipv6Prefix v6 = (Ipv6Prefix) p;
    long h = v6.hi() * 0x9E3779B97F4A7C15L + v6.lo();
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + v6.length();
    h ^= h >>> 29;
    h &= ~V4;
    return h == 0 ? 1 : h;
  }

  /**
   * Where key {@code k} lives (murmur3's 64-bit finalizer): its top bits pick the segment, its low
   * bits the home slot, and neighbouring prefixes land far apart.
   */
  private static int hash(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return (int) k;
  }

  /** The segment of hash {@code h}: its top {@code dirBits} bits index the directory. */
  private Segment segment(int h) {
    // (without a branch on dirBits == 0: that branch flips once, when the first segment splits
    // early in a full feed, and would send every compiled caller back to the interpreter)
    return dir[(int) ((h & 0xFFFFFFFFL) >>> (32 - dirBits))];
  }

  @SuppressWarnings("unchecked")
  private IpPrefix prefixOf(Object o) {
    return keyOf.apply((E) o);
  }

  /**
   * The slot of {@code s} holding prefix {@code p} (key {@code k}, hash {@code h}), or the empty
   * one ending it.
   */
  private int find(Segment s, int h, long k, IpPrefix p) {
    long[] keys = s.keys;
    int mask = s.mask;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      long e = keys[i];
      if (e == 0 || (e == k && ((k & V4) != 0 || prefixOf(s.slots[i]).equals(p)))) {
        return i;
      }
    }
  }

  /**
   * Puts {@code e} (key {@code k}) in empty slot {@code i} of {@code s}; grows when full enough.
   */
  private void fill(Segment s, int i, long k, Object e) {
    s.slots[i] = e;
    s.keys[i] = k;
    size++;
    if (++s.size > s.resizeAt) {
      if (s.slots.length < maxSegment) {
        rehash(s, s.slots.length << 1);
      } else {
        split(s);
      }
    }
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The element with prefix {@code p}, or {@code null}. */
  @SuppressWarnings("unchecked")
  public E get(IpPrefix p) {
    long k = key(p);
    int h = hash(k);
    Segment s = segment(h);
    return (E) s.slots[find(s, h, k, p)];
  }

  public boolean contains(IpPrefix p) {
    return get(p) != null;
  }

  /** Adds {@code e}, replacing the element with the same prefix; returns the replaced one. */
  @SuppressWarnings("unchecked")
  public E put(E e) {
    IpPrefix p = keyOf.apply(e);
    long k = key(p);
    int h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    Object old = s.slots[i];
    if (old != null) {
      s.slots[i] = e;
      return (E) old;
    }
    fill(s, i, k, e);
    return null;
  }

  /**
   * The element with prefix {@code p}; when there is none, {@code make}'s element for {@code p} is
   * added and returned. One probe either way (a get and then a put would probe twice).
   */
  @SuppressWarnings("unchecked")
  public E getOrAdd(IpPrefix p, Function<? super IpPrefix, ? extends E> make) {
    long k = key(p);
    int h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    if (s.slots[i] != null) {
      return (E) s.slots[i];
    }
    E e = make.apply(p);
    fill(s, i, k, e);
    return e;
  }

  /**
   * Adds {@code e} unless an element with its prefix is present (which stays); returns whether it
   * was added. One probe.
   */
  public boolean add(E e) {
    IpPrefix p = keyOf.apply(e);
    long k = key(p);
    int h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    if (s.slots[i] != null) {
      return false;
    }
    fill(s, i, k, e);
    return true;
  }

  /** Removes the element with prefix {@code p}; returns it, or {@code null}. */
  @SuppressWarnings("unchecked")
  public E remove(IpPrefix p) {
    long k = key(p);
    int h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    Object[] slots = s.slots;
    long[] keys = s.keys;
    int mask = s.mask;
    E old = (E) slots[i];
    if (old == null) {
      return null;
    }
    // backward-shift deletion: move later elements of the probe chain into the hole
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hash(keys[j]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        keys[hole] = keys[j];
        hole = j;
      }
    }
    slots[hole] = null;
    keys[hole] = 0;
    s.size--;
    if (--size == 0 && (dir.length > 1 || slots.length > 1024)) {
      reset(); // an emptied big table gives its memory back
    }
    return old;
  }

  public void clear() {
    if (dir.length > 1 || dir[0].slots.length > 1024) {
      reset();
    } else {
      Arrays.fill(dir[0].slots, null);
      Arrays.fill(dir[0].keys, 0);
      dir[0].size = 0;
      size = 0;
    }
  }

  /**
   * Calls {@code action} for every element, in table order; the table must not change meanwhile.
   */
  @SuppressWarnings("unchecked")
  public void forEach(Consumer<? super E> action) {
    for (int k = 0; k < dir.length; k += 1 << (dirBits - dir[k].depth)) {
      for (Object o : dir[k].slots) {
        if (o != null) {
          action.accept((E) o);
        }
      }
    }
  }

  /** The elements, in table order, as a new list (safe to iterate while changing the table). */
  public List<E> snapshot() {
    List<E> out = new ArrayList<>(size);
    forEach(out::add);
    return out;
  }

  /** The elements sorted by prefix (for views; costs a copy and a sort). */
  public List<E> sorted() {
    List<E> out = snapshot();
    out.sort((a, b) -> keyOf.apply(a).compareTo(keyOf.apply(b)));
    return out;
  }

  /** Puts {@code o} (key {@code k}) into a segment known not to hold its prefix. */
  private static void insert(Segment s, long k, Object o) {
    int j = hash(k) & s.mask;
    while (s.keys[j] != 0) {
      j = (j + 1) & s.mask;
    }
    s.slots[j] = o;
    s.keys[j] = k;
  }

  /** A small segment grows by copying into arrays twice its size (below the segment size). */
  private static void rehash(Segment s, int cap) {
    Object[] old = s.slots;
    long[] oldKeys = s.keys;
    s.allocate(cap);
    for (int i = 0; i < old.length; i++) {
      if (old[i] != null) {
        insert(s, oldKeys[i], old[i]);
      }
    }
  }

  /**
   * A full segment splits: the elements whose next hash bit (after the {@code depth} it shares) is
   * one move to a new segment, the others are placed again in this one's arrays; the directory
   * doubles first when the segment was its finest.
   */
  private void split(Segment s) {
    if (s.depth == dirBits) {
      if (dirBits == 32 - Integer.numberOfTrailingZeros(maxSegment)) {
        rehash(s, s.slots.length << 1); // (out of hash bits: cannot happen below 2^31 elements)
        return;
      }
      Segment[] bigger = new Segment[dir.length << 1];
      for (int i = 0; i < dir.length; i++) {
        bigger[2 * i] = dir[i];
        bigger[2 * i + 1] = dir[i];
      }
      dir = bigger;
      dirBits++;
    }
    int bit = 1 << (31 - s.depth); // the hash bit that tells the two halves apart
    Segment hi = new Segment(s.slots.length, s.depth + 1);
    s.depth++;
    Object[] old = s.slots.clone(); // (young garbage: dies at once)
    long[] oldKeys = s.keys.clone();
    Arrays.fill(s.slots, null);
    Arrays.fill(s.keys, 0);
    s.size = 0;
    for (int i = 0; i < old.length; i++) {
      if (old[i] != null) {
        Segment to = (hash(oldKeys[i]) & bit) != 0 ? hi : s;
        insert(to, oldKeys[i], old[i]);
        to.size++;
      }
    }
    // the directory entries of s: 2^(dirBits - old depth) in a row; their upper half is hi's now
    int span = 1 << (dirBits - s.depth + 1);
    int first = 0;
    while (dir[first] != s) {
      first += 1 << (dirBits - dir[first].depth);
    }
    for (int i = first + span / 2; i < first + span; i++) {
      dir[i] = hi;
    }
    if (s.size > s.resizeAt || hi.size > hi.resizeAt) {
      split(s.size > s.resizeAt ? s : hi); // every element on one side: split that one again
    }
  }
}
