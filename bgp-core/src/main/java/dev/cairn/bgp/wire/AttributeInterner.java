package dev.cairn.bgp.wire;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hash-consing of {@link PathAttributes}: equal sets become one shared instance, held weakly so
 * that a set no route uses any more is collected. Thread-safe (Netty I/O threads decode
 * concurrently); a lookup that hits costs one hash probe and one {@code equals}.
 */
public final class AttributeInterner {
  /** The process-wide interner used by the UPDATE decoder. */
  public static final AttributeInterner GLOBAL = new AttributeInterner();

  private final ConcurrentHashMap<Key, Key> table = new ConcurrentHashMap<>();
  private final ReferenceQueue<PathAttributes> queue = new ReferenceQueue<>();

  /** The canonical instance equal to {@code attrs}. */
  public PathAttributes intern(PathAttributes attrs) {
    expunge();
    Key probe = new Key(attrs, null);
    while (true) {
      Key existing = table.get(probe);
      if (existing != null) {
        PathAttributes canonical = existing.get();
        if (canonical != null) {
          return canonical;
        }
        table.remove(existing, existing); // collected meanwhile: replace it
      }
      Key k = new Key(attrs, queue);
      if (table.putIfAbsent(k, k) == null) {
        return attrs;
      }
    }
  }

  /** Number of distinct live (or not yet expunged) attribute sets. */
  public int size() {
    expunge();
    return table.size();
  }

  private void expunge() {
    Object r;
    while ((r = queue.poll()) != null) {
      Key k = (Key) r;
      table.remove(k, k);
    }
  }

  /** A weak reference that hashes and compares like its referent while it lives. */
  private static final class Key extends WeakReference<PathAttributes> {
    private final int hash;

    Key(PathAttributes a, ReferenceQueue<PathAttributes> q) {
      super(a, q);
      hash = a.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Key k) || k.hash != hash) {
        return false;
      }
      PathAttributes a = get();
      return a != null && a.equals(k.get());
    }
  }
}
