package dev.cairn.rib;

import dev.cairn.net.IpPrefix;

/**
 * The routes offered for one prefix, at most one per protocol, and what was published for it.
 * Almost every prefix has one offer, held without a container ({@code offers} is a {@link Route} or
 * a {@code Route[]}): a prefix costs this object and its route.
 */
final class PrefixEntry {
  IpPrefix prefix;
  Object offers; // null, a Route, or a Route[] of two or more
  Route best;
  NextHopGroup group;

  PrefixEntry(IpPrefix prefix) {
    this.prefix = prefix;
  }

  IpPrefix prefix() {
    return prefix;
  }

  int count() {
    return offers == null ? 0 : offers instanceof Route ? 1 : ((Route[]) offers).length;
  }

  Route at(int i) {
    return offers instanceof Route r ? r : ((Route[]) offers)[i];
  }

  boolean isEmpty() {
    return offers == null;
  }

  /** Adds or replaces the route of {@code r.protocol()}; returns the one replaced. */
  Route put(Route r) {
    if (offers == null) {
      offers = r;
      return null;
    }
    if (offers instanceof Route only) {
      if (only.protocol() == r.protocol()) {
        offers = r;
        return only;
      }
      offers = new Route[] {only, r};
      return null;
    }
    Route[] a = (Route[]) offers;
    for (int i = 0; i < a.length; i++) {
      if (a[i].protocol() == r.protocol()) {
        Route old = a[i];
        a[i] = r;
        return old;
      }
    }
    a = java.util.Arrays.copyOf(a, a.length + 1);
    a[a.length - 1] = r;
    offers = a;
    return null;
  }

  /** Removes the route of {@code p}; returns it, or {@code null}. */
  Route remove(Protocol p) {
    if (offers instanceof Route only) {
      if (only.protocol() != p) {
        return null;
      }
      offers = null;
      return only;
    }
    if (offers == null) {
      return null;
    }
    Route[] a = (Route[]) offers;
    for (int i = 0; i < a.length; i++) {
      if (a[i].protocol() == p) {
        Route old = a[i];
        if (a.length == 2) {
          offers = a[1 - i];
        } else {
          Route[] b = new Route[a.length - 1];
          System.arraycopy(a, 0, b, 0, i);
          System.arraycopy(a, i + 1, b, i, a.length - i - 1);
          offers = b;
        }
        return old;
      }
    }
    return null;
  }
}
