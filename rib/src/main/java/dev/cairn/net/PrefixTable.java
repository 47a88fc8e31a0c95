package dev.cairn.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An open-addressing hash table of elements that carry their own prefix (DESIGN §4: no node object
 * per entry). A table of a million routes costs a reference and a hash per slot plus the
 * load-factor headroom, about 14 bytes an element, where a {@code HashMap} spends ~40 (node and
 * slot). The stored hashes let a probe skip other elements without reading them (a cache miss
 * each). Elements are found by the prefix that {@code keyOf} reads from them; a set of prefixes is
 * a table whose elements are the prefixes themselves ({@link #ofPrefixes()}). Linear probing with
 * backward-shift deletion keeps probe chains short without tombstones. Not thread-safe: a table has
 * one owner.
 */
public final class PrefixTable<E> {
  private static final float LOAD = 0.6f;

  private final Function<? super E, ? extends IpPrefix> keyOf;
  private Object[] slots;
  private int[] hashes;
  private int size;
  private int mask;
  private int resizeAt;

  public PrefixTable(Function<? super E, ? extends IpPrefix> keyOf) {
    this.keyOf = keyOf;
    allocate(16);
  }

  /** A set of prefixes. */
  public static PrefixTable<IpPrefix> ofPrefixes() {
    return new PrefixTable<>(Function.identity());
  }

  private void allocate(int cap) {
    slots = new Object[cap];
    hashes = new int[cap];
    mask = cap - 1;
    resizeAt = (int) (cap * LOAD);
  }

  private static int hash(IpPrefix p) {
    int h = p.hashCode(); // murmur3's finalizer: neighbouring prefixes land far apart
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  @SuppressWarnings("unchecked")
  private IpPrefix key(Object o) {
    return keyOf.apply((E) o);
  }

  /** The slot holding prefix {@code p} (hash {@code h}), or the empty slot that ends its probe. */
  private int find(int h, IpPrefix p) {
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Object o = slots[i];
      if (o == null || (hashes[i] == h && key(o).equals(p))) {
        return i;
      }
    }
  }

  /** Puts {@code e} (hash {@code h}) in empty slot {@code i}; grows the table when full enough. */
  private void fill(int i, int h, Object e) {
    slots[i] = e;
    hashes[i] = h;
    if (++size > resizeAt) {
      rehash(slots.length << 1);
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
    return (E) slots[find(hash(p), p)];
  }

  public boolean contains(IpPrefix p) {
    return get(p) != null;
  }

  /** Adds {@code e}, replacing the element with the same prefix; returns the replaced one. */
  @SuppressWarnings("unchecked")
  public E put(E e) {
    IpPrefix p = keyOf.apply(e);
    int h = hash(p);
    int i = find(h, p);
    Object old = slots[i];
    if (old != null) {
      slots[i] = e;
      return (E) old;
    }
    fill(i, h, e);
    return null;
  }

  /**
   * The element with prefix {@code p}; when there is none, {@code make}'s element for {@code p} is
   * added and returned. One probe either way (a get and then a put would probe twice).
   */
  @SuppressWarnings("unchecked")
  public E getOrAdd(IpPrefix p, Function<? super IpPrefix, ? extends E> make) {
    int h = hash(p);
    int i = find(h, p);
    if (slots[i] != null) {
      return (E) slots[i];
    }
    E e = make.apply(p);
    fill(i, h, e);
    return e;
  }

  /**
   * Adds {@code e} unless an element with its prefix is present (which stays); returns whether it
   * was added. One probe.
   */
  public boolean add(E e) {
    IpPrefix p = keyOf.apply(e);
    int h = hash(p);
    int i = find(h, p);
    if (slots[i] != null) {
      return false;
    }
    fill(i, h, e);
    return true;
  }

  /** Removes the element with prefix {@code p}; returns it, or {@code null}. */
  @SuppressWarnings("unchecked")
  public E remove(IpPrefix p) {
    int i = find(hash(p), p);
    E old = (E) slots[i];
    if (old == null) {
      return null;
    }
    // backward-shift deletion: move later elements of the probe chain into the hole
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hashes[j] & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        hashes[hole] = hashes[j];
        hole = j;
      }
    }
    slots[hole] = null;
    size--;
    if (size == 0 && slots.length > 1024) {
      allocate(16); // an emptied big table gives its memory back
    }
    return old;
  }

  public void clear() {
    if (slots.length > 1024) {
      allocate(16);
    } else {
      Arrays.fill(slots, null);
    }
    size = 0;
  }

  /**
   * Calls {@code action} for every element, in table order; the table must not change meanwhile.
   */
  @SuppressWarnings("unchecked")
  public void forEach(Consumer<? super E> action) {
    Object[] s = slots;
    for (Object o : s) {
      if (o != null) {
        action.accept((E) o);
      }
    }
  }

  /** The elements, in table order, as a new list (safe to iterate while changing the table). */
  @SuppressWarnings("unchecked")
  public List<E> snapshot() {
    List<E> out = new ArrayList<>(size);
    for (Object o : slots) {
      if (o != null) {
        out.add((E) o);
      }
    }
    return out;
  }

  /** The elements sorted by prefix (for views; costs a copy and a sort). */
  public List<E> sorted() {
    List<E> out = snapshot();
    out.sort((a, b) -> keyOf.apply(a).compareTo(keyOf.apply(b)));
    return out;
  }

  private void rehash(int cap) {
    Object[] old = slots;
    int[] oldHashes = hashes;
    allocate(cap);
    for (int i = 0; i < old.length; i++) {
      if (old[i] != null) {
        int j = oldHashes[i] & mask;
        while (slots[j] != null) {
          j = (j + 1) & mask;
        }
        slots[j] = old[i];
        hashes[j] = oldHashes[i];
      }
    }
  }
}
