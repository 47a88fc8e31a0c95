// Hash-consing of path attribute sets (DESIGN §4: prefixes that share attributes share one object).
package dev.cairn.bgp.wire;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Hash-consing of {@link PathAttributes}: equal sets become one shared instance, held weakly so
 * that a set no route uses any more is collected. Not thread-safe, and needs no lock: one owner
 * uses it, the BGP speaker's loop, which interns each UPDATE's attributes once as it takes the
 * UPDATE in (the Netty I/O threads only decode). A lookup that hits costs one hash probe and one
 * {@code equals}.
 *
 * <p>The weak references sit in an open-addressing table of their own (linear probing,
 * backward-shift deletion when the collector clears one): a full table's million attribute sets
 * then cost one reference object each and a slot, not also a map node (32 bytes) each.
 */
public final class AttributeInterner {
  private static final int MIN = 1024;

  private final ReferenceQueue<PathAttributes> queue = new ReferenceQueue<>();
  private Key[] slots = new Key[MIN];
  private int size;

  /** The canonical instance equal to {@code attrs}. */
  public PathAttributes intern(PathAttributes attrs) {
    expunge();
    int h = attrs.hashCode();
    Key[] s = slots;
    int mask = s.length - 1;
    int i = home(h, mask);
    for (Key k = s[i]; k != null; k = s[i = (i + 1) & mask]) {
      if (k.hash == h) {
        PathAttributes a = k.get();
        if (a != null && a.equals(attrs)) {
          return a;
        }
      }
    }
    s[i] = new Key(attrs, queue, h);
    if (++size > s.length * 3 / 5) {
      resize(s.length << 1);
    }
    return attrs;
  }

  /** Number of distinct live (or not yet expunged) attribute sets. */
  public int size() {
    expunge();
    return size;
  }

  private static int home(int h, int mask) {
    int x = h * 0x9E3779B9;
    return (x ^ (x >>> 16)) & mask;
  }

  /** Drops the references the collector has cleared (their sets are gone). */
  private void expunge() {
    Object r;
    boolean removed = false;
    while ((r = queue.poll()) != null) {
      removed |= remove((Key) r);
    }
    if (removed && slots.length > MIN && size < slots.length / 8) {
      resize(slots.length >> 1); // a table that lost most of its sets gives memory back
    }
  }

  private boolean remove(Key k) {
    Key[] s = slots;
    int mask = s.length - 1;
    int i = home(k.hash, mask);
    while (s[i] != k) {
      if (s[i] == null) {
        return false;
      }
      i = (i + 1) & mask;
    }
    // backward-shift deletion: move later keys of the probe chain into the hole
    int hole = i;
    for (int j = (hole + 1) & mask; s[j] != null; j = (j + 1) & mask) {
      int h = home(s[j].hash, mask);
      boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
      if (movable) {
        s[hole] = s[j];
        hole = j;
      }
    }
    s[hole] = null;
    size--;
    return true;
  }

  private void resize(int cap) {
    Key[] old = slots;
    Key[] s = new Key[cap];
    int mask = cap - 1;
    for (Key k : old) {
      if (k != null) {
        int i = home(k.hash, mask);
        while (s[i] != null) {
          i = (i + 1) & mask;
        }
        s[i] = k;
      }
    }
    slots = s;
  }

  /** A weak reference to an interned set, with the set's hash (kept after it is cleared). */
  private static final class Key extends WeakReference<PathAttributes> {
    final int hash;

    Key(PathAttributes a, ReferenceQueue<PathAttributes> q, int hash) {
      super(a, q);
      this.hash = hash;
    }
  }
}
