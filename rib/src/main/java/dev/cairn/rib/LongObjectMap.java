package dev.cairn.rib;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An open-addressing hash map from primitive {@code long} keys to objects, for the big tables
 * (DESIGN §4: no object per key). Keys are packed prefixes ({@code Ipv4Prefix.pack()}), so every
 * {@code long} is a legal key. Linear probing with backward-shift deletion keeps lookups short
 * without tombstones. Not thread-safe: a table has one owner.
 */
public final class LongObjectMap<V> {
  private static final float LOAD = 0.7f;

  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;
  private int resizeAt;

  public LongObjectMap() {
    this(16);
  }

  public LongObjectMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, (int) (expected / LOAD) + 1) - 1) << 1;
    allocate(cap);
  }

  private void allocate(int cap) {
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
    resizeAt = (int) (cap * LOAD);
  }

  private static int hash(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The value for {@code key}, or {@code null}. */
  @SuppressWarnings("unchecked")
  public V get(long key) {
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
    }
  }

  public boolean containsKey(long key) {
    return get(key) != null;
  }

  /** Maps {@code key} to the non-null {@code value}; returns the previous value or {@code null}. */
  @SuppressWarnings("unchecked")
  public V put(long key, V value) {
    if (value == null) {
      throw new NullPointerException("null values are not stored; use remove");
    }
    int i = hash(key) & mask;
    for (; ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        break;
      }
      if (keys[i] == key) {
        values[i] = value;
        return (V) v;
      }
    }
    keys[i] = key;
    values[i] = value;
    if (++size > resizeAt) {
      rehash(keys.length << 1);
    }
    return null;
  }

  /** Removes {@code key}; returns the removed value or {@code null}. */
  @SuppressWarnings("unchecked")
  public V remove(long key) {
    int i = hash(key) & mask;
    for (; ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        break;
      }
    }
    V old = (V) values[i];
    // backward-shift deletion: move later entries of the probe chain into the hole
    int hole = i;
    for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = hash(keys[j]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    values[hole] = null;
    keys[hole] = 0;
    size--;
    return old;
  }

  public void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  /** Calls {@code action} for every entry; the map must not be changed meanwhile. */
  @SuppressWarnings("unchecked")
  public void forEach(LongEntryConsumer<? super V> action) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        action.accept(keys[i], (V) values[i]);
      }
    }
  }

  /** Like {@link #forEach(LongEntryConsumer)} for callers that want boxed keys (slow paths). */
  public void forEachBoxed(BiConsumer<Long, ? super V> action) {
    forEach(action::accept);
  }

  /** The keys, in table order, as a new array (safe to iterate while changing the map). */
  public long[] keys() {
    long[] out = new long[size];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out[n++] = keys[i];
      }
    }
    return out;
  }

  private void rehash(int cap) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    allocate(cap);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        int j = hash(oldKeys[i]) & mask;
        while (values[j] != null) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }

  /** An entry visitor with a primitive key. */
  @FunctionalInterface
  public interface LongEntryConsumer<V> {
    void accept(long key, V value);
  }
}
