package dev.cairn.bgp.speaker;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The paths to one prefix, one per source (a neighbor, or {@code null} for this router), in the
 * order they arrived. A prefix has one or a few paths, so a small array searched linearly costs a
 * fraction of a map's memory (24 bytes for one path instead of ~180), which matters a million times
 * over.
 */
final class PathSet implements Iterable<BgpSpeaker.Path> {
  private static final BgpSpeaker.Path[] NONE = new BgpSpeaker.Path[0];
  private BgpSpeaker.Path[] a = NONE;

  BgpSpeaker.Path get(Object from) {
    for (BgpSpeaker.Path p : a) {
      if (p.from() == from) {
        return p;
      }
    }
    return null;
  }

  /** Adds or replaces the path of {@code p.from()}; returns the one replaced. */
  BgpSpeaker.Path put(BgpSpeaker.Path p) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].from() == p.from()) {
        BgpSpeaker.Path old = a[i];
        a[i] = p;
        return old;
      }
    }
    a = Arrays.copyOf(a, a.length + 1);
    a[a.length - 1] = p;
    return null;
  }

  BgpSpeaker.Path remove(Object from) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].from() == from) {
        BgpSpeaker.Path old = a[i];
        if (a.length == 1) {
          a = NONE;
        } else {
          BgpSpeaker.Path[] b = new BgpSpeaker.Path[a.length - 1];
          System.arraycopy(a, 0, b, 0, i);
          System.arraycopy(a, i + 1, b, i, a.length - i - 1);
          a = b;
        }
        return old;
      }
    }
    return null;
  }

  int size() {
    return a.length;
  }

  boolean isEmpty() {
    return a.length == 0;
  }

  BgpSpeaker.Path at(int i) {
    return a[i];
  }

  void set(int i, BgpSpeaker.Path p) {
    a[i] = p;
  }

  @Override
  public Iterator<BgpSpeaker.Path> iterator() {
    BgpSpeaker.Path[] snapshot = a;
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < snapshot.length;
      }

      @Override
      public BgpSpeaker.Path next() {
        if (i >= snapshot.length) {
          throw new NoSuchElementException();
        }
        return snapshot[i++];
      }
    };
  }
}
