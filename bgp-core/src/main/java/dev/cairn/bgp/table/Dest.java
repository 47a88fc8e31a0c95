// One prefix of the Loc-RIB: its paths and their selection (RFC 4271 §9.1.2, §9.1.2.2; multipath).
package dev.cairn.bgp.table;

import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Protocol;
import java.util.Arrays;

/**
 * One prefix of the Loc-RIB: its paths, one per source (a neighbor, or {@code null} for this
 * router) in the order they arrived, and the current selection. Almost every prefix has one path
 * and no multipath, so both are stored without a container in that case: {@code paths} is a {@link
 * Path} or a {@code Path[]}, {@code multipath} is {@code null} when it is just the best path. A
 * prefix then costs this object and its path (64 bytes) instead of a map node, a set and lists.
 */
public final class Dest {
  private static final Path[] NONE = new Path[0];

  IpPrefix prefix; // (changes only for the speaker's reused scratch entry)
  private Object paths; // null, a Path, or a Path[] of two or more

  /** The selected path; {@code null} when no path is usable. */
  Path best;

  /** The multipath set beyond {@code best}: {@code null} means {@code [best]} (or none). */
  private Path[] multipath;

  /** What the RIB holds from this speaker for this prefix. */
  Protocol offered;

  Dest(IpPrefix prefix) {
    this.prefix = prefix;
  }

  public IpPrefix prefix() {
    return prefix;
  }

  /** The selected path; {@code null} when no path is usable. */
  public Path best() {
    return best;
  }

  /** Makes this the entry of {@code p} holding {@code only} (or nothing), selected as it stands. */
  void reset(IpPrefix p, Path only, Protocol offered) {
    prefix = p;
    paths = only;
    best = only;
    multipath = null;
    this.offered = offered;
  }

  /** A copy to keep (of the reused scratch entry). */
  Dest copy() {
    Dest d = new Dest(prefix);
    d.paths = paths instanceof Path[] a ? a.clone() : paths;
    d.best = best;
    d.multipath = multipath;
    d.offered = offered;
    return d;
  }

  public int size() {
    return paths == null ? 0 : paths instanceof Path ? 1 : ((Path[]) paths).length;
  }

  public boolean isEmpty() {
    return paths == null;
  }

  public Path at(int i) {
    if (paths instanceof Path p) {
      if (i != 0) {
        throw new IndexOutOfBoundsException(i);
      }
      return p;
    }
    return ((Path[]) paths)[i];
  }

  /** The path from {@code from}, or {@code null}. */
  public Path get(Object from) {
    if (paths instanceof Path p) {
      return p.from() == from ? p : null;
    }
    if (paths != null) {
      for (Path p : (Path[]) paths) {
        if (p.from() == from) {
          return p;
        }
      }
    }
    return null;
  }

  /** Adds or replaces the path of {@code p.from()}; returns the one replaced. */
  Path put(Path p) {
    if (paths == null) {
      paths = p;
      return null;
    }
    if (paths instanceof Path only) {
      if (only.from() == p.from()) {
        paths = p;
        return only;
      }
      paths = new Path[] {only, p};
      return null;
    }
    Path[] a = (Path[]) paths;
    for (int i = 0; i < a.length; i++) {
      if (a[i].from() == p.from()) {
        Path old = a[i];
        a[i] = p;
        return old;
      }
    }
    a = Arrays.copyOf(a, a.length + 1);
    a[a.length - 1] = p;
    paths = a;
    return null;
  }

  /** Removes the path of {@code from}; returns it, or {@code null}. */
  Path remove(Object from) {
    if (paths instanceof Path only) {
      if (only.from() != from) {
        return null;
      }
      paths = null;
      return only;
    }
    if (paths == null) {
      return null;
    }
    Path[] a = (Path[]) paths;
    for (int i = 0; i < a.length; i++) {
      if (a[i].from() == from) {
        Path old = a[i];
        if (a.length == 2) {
          paths = a[1 - i];
        } else {
          Path[] b = new Path[a.length - 1];
          System.arraycopy(a, 0, b, 0, i);
          System.arraycopy(a, i + 1, b, i, a.length - i - 1);
          paths = b;
        }
        return old;
      }
    }
    return null;
  }

  /** Replaces path {@code old} by {@code now} wherever it is referenced (paths and selection). */
  void replace(Path old, Path now) {
    put(now);
    if (best == old) {
      best = now;
    }
    if (multipath != null) {
      for (int i = 0; i < multipath.length; i++) {
        if (multipath[i] == old) {
          multipath[i] = now;
        }
      }
    }
  }

  // ------------------------------------------------------------------ the selection

  /** Sets the selection: {@code mp} lists the multipath set (best included), or is null. */
  void select(Path best, Path[] mp) {
    this.best = best;
    this.multipath = best == null || mp == null || mp.length <= 1 ? null : mp;
  }

  public int multipathSize() {
    return best == null ? 0 : multipath == null ? 1 : multipath.length;
  }

  public Path multipathAt(int i) {
    return multipath == null ? best : multipath[i];
  }

  public boolean inMultipath(Path p) {
    if (multipath == null) {
      return p != null && p == best;
    }
    for (Path m : multipath) {
      if (m == p) {
        return true;
      }
    }
    return false;
  }

  /** The multipath set as stored, for comparing a selection before and after (see select). */
  Path[] multipathRaw() {
    return multipath == null ? NONE : multipath;
  }
}
