package dev.cairn.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An open-addressing hash table of elements that carry their own prefix (DESIGN §4: no node object
 * per entry). A slot costs a reference and a 5-byte key; tables are 40-80% full, so an element
 * costs 11-23 bytes (a million: 14), where a {@code HashMap} spends ~40 (node and slot). The stored
 * keys let a probe skip other elements without reading them (a cache miss each). Elements are found
 * by the prefix that {@code keyOf} reads from them; a set of prefixes is a table whose elements are
 * the prefixes themselves ({@link #ofPrefixes()}). Linear probing with backward-shift deletion
 * keeps probe chains short without tombstones. Not thread-safe: a table has one owner.
 *
 * <p>A big table is split into segments (extendible hashing): the top bits of an element's hash
 * pick a segment through a directory, and a full segment splits in two, in place and into one new
 * segment, instead of the whole table being copied into arrays twice its size. Growing to a million
 * elements then leaves no garbage behind: a doubling table leaves its old arrays (as much again as
 * the final table) to the collector, which by then has moved them to the old generation, where they
 * are resident memory until a full collection.
 *
 * <p>Segments grow to {@link #SEGMENT} slots, which is not a power of two: a key's home slot is
 * found by multiplying its hash into the segment's size (no mask), so the full segments of a table
 * of a given size can be as large as suits it. All segments of a big table split at about the same
 * time (the hash is uniform), so its slots number 2^k times the segment size, and only that size
 * decides how full a table of a given size is: 3·2^14 slots at most 80% full put a full Internet
 * table (about a million IPv4 routes, 2^5 segments) at 64%, where 2^16-slot segments at 60% left it
 * at 48% (a third more memory for the same table).
 *
 * <p>A set of prefixes ({@link #ofPrefixes}) keeps no IPv4 element at all: the key is the prefix.
 * Its segments have slots only once they hold an IPv6 prefix, and an IPv4 prefix is rebuilt from
 * its key when it is handed out. A neighbor's Adj-RIB-Out of a million IPv4 prefixes then costs 8
 * bytes an element, and needs no prefix object of its own.
 */
public final class PrefixTable<E> {
  private static final float LOAD = 0.8f;
  private static final int MIN = 16;

  /** The most slots of one segment (see above). */
  static final int SEGMENT = 3 << 14;

  private static final int MAX_DIR_BITS = 20;

  /**
   * One open-addressing table of the directory: its slots, their keys and its depth. A key is the
   * IPv4 prefix itself (so an IPv4 probe decides on the key alone, without reading the element or
   * its prefix object: two cache misses fewer per lookup of a full table): its address in {@code
   * keys} and its length + 1 in {@code tags}; or 39 bits of a 64-bit hash of the IPv6 prefix, a
   * negative tag, confirmed by comparing the element's prefix. Tag 0: empty. (Five bytes a slot: a
   * {@code long} key would cost three more, 14 MB in the three tables of a full BGP table.)
   */
  private static final class Segment {
    Object[] slots; // (null in a set's segment without IPv6 prefixes)
    int[] keys;
    byte[] tags;
    int size;
    int cap;
    int resizeAt;
    int depth; // how many top hash bits all its elements share (extendible hashing)

    Segment(int cap, int depth, boolean slotted) {
      allocate(cap, slotted);
      this.depth = depth;
    }

    void allocate(int cap, boolean slotted) {
      slots = slotted ? new Object[cap] : null;
      keys = new int[cap];
      tags = new byte[cap];
      this.cap = cap;
      resizeAt = (int) (cap * LOAD);
    }
  }

  private final Function<? super E, ? extends IpPrefix> keyOf;
  private final boolean set; // the elements are the prefixes: IPv4 ones are their keys
  private final int maxSegment;
  private Segment[] dir;
  private int dirBits; // the directory has 2^dirBits entries
  private int size;

  public PrefixTable(Function<? super E, ? extends IpPrefix> keyOf) {
    this(keyOf, SEGMENT);
  }

  /** A table whose segments hold at most {@code maxSegment} slots (for tests). */
  PrefixTable(Function<? super E, ? extends IpPrefix> keyOf, int maxSegment) {
    this(keyOf, maxSegment, false);
  }

  private PrefixTable(Function<? super E, ? extends IpPrefix> keyOf, int maxSegment, boolean set) {
    if (maxSegment < MIN) {
      throw new IllegalArgumentException("segment size " + maxSegment);
    }
    this.keyOf = keyOf;
    this.maxSegment = maxSegment;
    this.set = set;
    reset();
  }

  private void reset() {
    dir = new Segment[] {new Segment(MIN, 0, !set)};
    dirBits = 0;
    size = 0;
  }

  /** A set of prefixes (IPv4 ones are kept as their keys alone, see above). */
  public static PrefixTable<IpPrefix> ofPrefixes() {
    return ofPrefixes(SEGMENT);
  }

  /** A set of prefixes with segments of at most {@code maxSegment} slots (for tests). */
  static PrefixTable<IpPrefix> ofPrefixes(int maxSegment) {
    return new PrefixTable<>(Function.identity(), maxSegment, true);
  }

  private static final long V4 = 1L << 62; // the tag of an exact IPv4 key

  // A key as a long (the packed IPv4 prefix | V4, or the IPv6 hash) is kept in a slot as an int and
  // a tag byte:

  private static int low(long k) {
    return (k & V4) != 0 ? (int) (k >>> 8) : (int) k;
  }

  private static byte tag(long k) {
    return (k & V4) != 0 ? (byte) ((k & 0xff) + 1) : (byte) (0x80 | ((int) (k >>> 32) & 0x7f));
  }

  /** The long key of slot {@code i} of {@code s} (0: empty); an IPv6 one from its element. */
  private long keyAt(Segment s, int i) {
    return longKey(s.keys[i], s.tags[i], s.slots == null ? null : s.slots[i]);
  }

  private long longKey(int low, byte tag, Object element) {
    if (tag > 0) {
      return (low & 0xFFFFFFFFL) << 8 | (tag - 1) | V4;
    }
    return tag == 0 ? 0 : key(prefixOf(element));
  }

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
   * Where key {@code k} lives (murmur3's 64-bit finalizer): the top bits of its upper half pick the
   * segment, its lower half the home slot ({@link #home}). An IPv4 prefix is hashed without its
   * last three bits, so eight neighbouring prefixes of one length (10.0.0.0/24 to 10.0.7.0/24)
   * share a hash and live in a run of eight slots ({@link #offset}): a table fed in prefix order (a
   * full table as a neighbor sends it, or as the RIB and the FIB get it from BGP) touches one cache
   * line of keys for eight prefixes instead of eight lines far apart; runs land far apart.
   */
  private static long hash(long k) {
    if ((k & V4) != 0) {
      k ^= (long) offset(k) << (40 - (int) (k & 0xff)); // (the run's first prefix)
    }
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** The place of IPv4 key {@code k} in its run of eight: its prefix's last three bits. */
  private static int offset(long k) {
    int len = (int) (k & 0xff);
    return ((int) (k >>> 8) >>> (32 - len)) & 7; // (a /0 has no bits: 0)
  }

  /**
   * The home slot of key {@code k} with hash {@code h} in a segment of {@code cap} slots (any size,
   * no mask): the run's place, and for IPv4 the prefix's place in it.
   */
  private static int home(long h, long k, int cap) {
    int i = (int) (((h & 0xFFFFFFFFL) * cap) >>> 32);
    if ((k & V4) != 0) {
      i += offset(k);
      if (i >= cap) {
        i -= cap;
      }
    }
    return i;
  }

  /** The segment of hash {@code h}: the top {@code dirBits} bits of its upper half. */
  private Segment segment(long h) {
    // (without a branch on dirBits == 0: that branch flips once, when the first segment splits
    // early in a full feed, and would send every compiled caller back to the interpreter)
    return dir[(int) ((h >>> 32) >>> (32 - dirBits))];
  }

  @SuppressWarnings("unchecked")
  private IpPrefix prefixOf(Object o) {
    return keyOf.apply((E) o);
  }

  /**
   * The slot of {@code s} holding prefix {@code p} (key {@code k}, hash {@code h}), or the empty
   * one ending it.
   */
  private int find(Segment s, long h, long k, IpPrefix p) {
    int[] keys = s.keys;
    byte[] tags = s.tags;
    int cap = s.cap;
    int low = low(k);
    byte tag = tag(k);
    for (int i = home(h, k, cap); ; ) {
      byte t = tags[i];
      if (t == 0 || (t == tag && keys[i] == low && (t > 0 || prefixOf(s.slots[i]).equals(p)))) {
        return i;
      }
      if (++i == cap) {
        i = 0;
      }
    }
  }

  /**
   * Puts {@code e} (key {@code k}) in empty slot {@code i} of {@code s}; grows when full enough.
   */
  private void fill(Segment s, int i, long k, Object e) {
    store(s, i, k, e);
    size++;
    if (++s.size > s.resizeAt) {
      if (s.cap < maxSegment) {
        rehash(s, Math.min(s.cap << 1, maxSegment));
      } else {
        split(s);
      }
    }
  }

  public int size() {
    return size;
  }

  /** How many slots the table has (for tests: its memory). */
  int slots() {
    int n = 0;
    for (int k = 0; k < dir.length; k += 1 << (dirBits - dir[k].depth)) {
      n += dir[k].cap;
    }
    return n;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Whether the element of key {@code k} is kept as an object (all but a set's IPv4 ones). */
  private boolean slotted(long k) {
    return !set || (k & V4) == 0;
  }

  /**
   * The element in slot {@code i} of {@code s}, or {@code null}; a set's IPv4 one is {@code p} when
   * the caller looked for that prefix (no object built), else rebuilt from the key.
   */
  @SuppressWarnings("unchecked")
  private E at(Segment s, int i, IpPrefix p) {
    byte t = s.tags[i];
    if (t == 0) {
      return null;
    }
    if (t < 0 || !set) {
      return (E) s.slots[i];
    }
    return (E) (p != null ? p : new Ipv4Prefix(s.keys[i], t - 1));
  }

  /** Puts {@code e} with key {@code k} in slot {@code i} of {@code s}. */
  private void store(Segment s, int i, long k, Object e) {
    s.keys[i] = low(k);
    s.tags[i] = tag(k);
    if (slotted(k)) {
      if (s.slots == null) {
        s.slots = new Object[s.cap]; // a set's first IPv6 prefix in this segment
      }
      s.slots[i] = e;
    }
  }

  /** The element with prefix {@code p}, or {@code null}. */
  public E get(IpPrefix p) {
    long k = key(p);
    long h = hash(k);
    Segment s = segment(h);
    return at(s, find(s, h, k, p), p);
  }

  public boolean contains(IpPrefix p) {
    long k = key(p);
    long h = hash(k);
    Segment s = segment(h);
    return s.tags[find(s, h, k, p)] != 0;
  }

  /** Adds {@code e}, replacing the element with the same prefix; returns the replaced one. */
  public E put(E e) {
    return put(keyOf.apply(e), e);
  }

  /**
   * As {@link #put(Object)}, for a caller that knows {@code e}'s prefix {@code p} (an element that
   * builds its prefix when asked is spared that).
   */
  public E put(IpPrefix p, E e) {
    long k = key(p);
    long h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    E old = at(s, i, p);
    if (old != null) {
      store(s, i, k, e);
      return old;
    }
    fill(s, i, k, e);
    return null;
  }

  /**
   * The element with prefix {@code p}; when there is none, {@code make}'s element for {@code p} is
   * added and returned. One probe either way (a get and then a put would probe twice).
   */
  public E getOrAdd(IpPrefix p, Function<? super IpPrefix, ? extends E> make) {
    long k = key(p);
    long h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    if (s.tags[i] != 0) {
      return at(s, i, p);
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
    long h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    if (s.tags[i] != 0) {
      return false;
    }
    fill(s, i, k, e);
    return true;
  }

  /** Removes the element with prefix {@code p}; returns it, or {@code null}. */
  public E remove(IpPrefix p) {
    long k = key(p);
    long h = hash(k);
    Segment s = segment(h);
    int i = find(s, h, k, p);
    E old = at(s, i, p);
    if (old == null) {
      return null;
    }
    // backward-shift deletion: move later elements of the probe chain into the hole
    Object[] slots = s.slots;
    int[] keys = s.keys;
    byte[] tags = s.tags;
    int cap = s.cap;
    int hole = i;
    for (int j = next(hole, cap); tags[j] != 0; j = next(j, cap)) {
      long kj = keyAt(s, j);
      int home = home(hash(kj), kj, cap);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        if (slots != null) {
          slots[hole] = slots[j];
        }
        keys[hole] = keys[j];
        tags[hole] = tags[j];
        hole = j;
      }
    }
    if (slots != null) {
      slots[hole] = null;
    }
    keys[hole] = 0;
    tags[hole] = 0;
    s.size--;
    if (--size == 0 && (dir.length > 1 || cap > 1024)) {
      reset(); // an emptied big table gives its memory back
    }
    return old;
  }

  public void clear() {
    if (dir.length > 1 || dir[0].cap > 1024) {
      reset();
    } else {
      if (dir[0].slots != null) {
        Arrays.fill(dir[0].slots, null);
      }
      Arrays.fill(dir[0].keys, 0);
      Arrays.fill(dir[0].tags, (byte) 0);
      dir[0].size = 0;
      size = 0;
    }
  }

  /**
   * Calls {@code action} for every element, in table order; the table must not change meanwhile.
   */
  public void forEach(Consumer<? super E> action) {
    for (int k = 0; k < dir.length; k += 1 << (dirBits - dir[k].depth)) {
      Segment s = dir[k];
      for (int i = 0; i < s.cap; i++) {
        if (s.tags[i] != 0) {
          action.accept(at(s, i, null));
        }
      }
    }
  }

  /**
   * The prefixes of {@code afi} in the table, unsorted (a walk in slices sorts them off the owner's
   * thread, see {@link PrefixList}). IPv4 ones come from the keys alone, without reading an
   * element: a million of them cost a scan of the key arrays.
   */
  public PrefixList prefixes(Afi afi) {
    boolean v4 = afi == Afi.IPV4;
    long[] packed = v4 ? new long[size] : null;
    List<IpPrefix> v6 = v4 ? null : new ArrayList<>();
    int n = 0;
    for (int k = 0; k < dir.length; k += 1 << (dirBits - dir[k].depth)) {
      Segment s = dir[k];
      int[] keys = s.keys;
      byte[] tags = s.tags;
      for (int i = 0; i < s.cap; i++) {
        byte t = tags[i];
        if (v4 && t > 0) {
          packed[n++] = (keys[i] & 0xFFFFFFFFL) << 8 | (t - 1);
        } else if (!v4 && t < 0) {
          v6.add(prefixOf(s.slots[i]));
        }
      }
    }
    return v4 ? PrefixList.ofPacked(packed, n) : PrefixList.of(v6);
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

  /**
   * Puts the element of {@code old} slot {@code i} (its key and, when it has one, its object) into
   * a segment known not to hold its prefix.
   */
  private void insert(Segment s, long k, Object[] old, int i) {
    int j = home(hash(k), k, s.cap);
    while (s.tags[j] != 0) {
      j = next(j, s.cap);
    }
    store(s, j, k, old == null ? null : old[i]);
  }

  private static int next(int i, int cap) {
    return i + 1 == cap ? 0 : i + 1;
  }

  /** A small segment grows by copying into arrays twice its size (below the segment size). */
  private void rehash(Segment s, int cap) {
    Object[] old = s.slots;
    int[] oldKeys = s.keys;
    byte[] oldTags = s.tags;
    s.allocate(cap, old != null);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldTags[i] != 0) {
        insert(s, longKey(oldKeys[i], oldTags[i], old == null ? null : old[i]), old, i);
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
      if (dirBits == MAX_DIR_BITS) {
        rehash(s, s.cap << 1); // (a directory of 2^20: cannot happen below 2^35 elements)
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
    long bit = 1L << (63 - s.depth); // the hash bit that tells the two halves apart
    Segment hi = new Segment(s.cap, s.depth + 1, s.slots != null);
    s.depth++;
    Object[] old = s.slots == null ? null : s.slots.clone(); // (young garbage: dies at once)
    int[] oldKeys = s.keys.clone();
    byte[] oldTags = s.tags.clone();
    if (s.slots != null) {
      Arrays.fill(s.slots, null);
    }
    Arrays.fill(s.keys, 0);
    Arrays.fill(s.tags, (byte) 0);
    s.size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldTags[i] != 0) {
        long k = longKey(oldKeys[i], oldTags[i], old == null ? null : old[i]);
        Segment to = (hash(k) & bit) != 0 ? hi : s;
        insert(to, k, old, i);
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
