package dev.cairn.rib;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The routes offered for one prefix, at most one per protocol. Almost every prefix has one, so a
 * small array replaces an {@code EnumMap} (which costs ~100 bytes a prefix even when empty).
 */
final class OfferSet implements Iterable<Route> {
  private static final Route[] NONE = new Route[0];
  private Route[] a = NONE;

  /** Adds or replaces the route of {@code r.protocol()}; returns the one replaced. */
  Route put(Route r) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].protocol() == r.protocol()) {
        Route old = a[i];
        a[i] = r;
        return old;
      }
    }
    a = Arrays.copyOf(a, a.length + 1);
    a[a.length - 1] = r;
    return null;
  }

  Route remove(Protocol p) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].protocol() == p) {
        Route old = a[i];
        if (a.length == 1) {
          a = NONE;
        } else {
          Route[] b = new Route[a.length - 1];
          System.arraycopy(a, 0, b, 0, i);
          System.arraycopy(a, i + 1, b, i, a.length - i - 1);
          a = b;
        }
        return old;
      }
    }
    return null;
  }

  boolean isEmpty() {
    return a.length == 0;
  }

  @Override
  public Iterator<Route> iterator() {
    Route[] snapshot = a;
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < snapshot.length;
      }

      @Override
      public Route next() {
        if (i >= snapshot.length) {
          throw new NoSuchElementException();
        }
        return snapshot[i++];
      }
    };
  }
}
