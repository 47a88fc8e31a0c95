// The next hops the Loc-RIB's paths use, one shared Hop each, and whether they resolve
// (RFC 4271 §9.1.2.1: a path whose next hop does not resolve is not used).
package dev.cairn.bgp.table;

import dev.cairn.net.IpAddress;
import dev.cairn.rib.NextHopResolver;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared {@link Hop} per next-hop address, and their resolutions. Pure: it asks nobody; the
 * owner hands each hop created ({@link #takeCreated}) to the RIB's resolver to be tracked and
 * reports the answers with {@link #resolve}. Without tracking every next hop counts as reachable
 * (directly connected).
 */
public final class NextHops {
  private final Map<IpAddress, Hop> hops = new HashMap<>();
  private boolean tracking;
  // the next hop last looked up: an UPDATE burst from one neighbor mostly shares one
  private Hop last;
  private Hop created;

  /** Whether next hops resolve through the RIB from now on (hops made before stay untracked). */
  public void tracking(boolean on) {
    tracking = on;
  }

  public boolean tracking() {
    return tracking;
  }

  /** The shared hop for {@code nh} ({@code null} for none), made on first use. */
  public Hop hop(IpAddress nh) {
    if (nh == null) {
      return null;
    }
    Hop l = last;
    if (l != null && (l.address == nh || l.address.equals(nh))) {
      return l;
    }
    Hop h = hops.get(nh);
    if (h == null) {
      h = new Hop(nh);
      hops.put(nh, h);
      if (tracking) {
        created = h; // unreachable until the resolver answers
      }
    }
    last = h;
    return h;
  }

  /** The hop that the last {@link #hop} call made and that is to be tracked, once; or null. */
  public Hop takeCreated() {
    Hop h = created;
    created = null;
    return h;
  }

  /** Records how {@code h} resolves; returns whether that changed (its paths are to be ranked). */
  public boolean resolve(Hop h, NextHopResolver.Resolution r) {
    if (r.equals(h.resolution)) {
      return false;
    }
    h.resolution = r;
    return true;
  }

  /** Whether {@code p} may be selected: its own, untracked, or through a reachable next hop. */
  public boolean resolved(Path p) {
    return !tracking || p.hop == null || p.hop.resolution.reachable();
  }

  /** The cost to {@code p}'s next hop (0 for a local or untracked path, or unreachable). */
  public long igpMetric(Path p) {
    if (!tracking || p.hop == null) {
      return 0;
    }
    NextHopResolver.Resolution r = p.hop.resolution;
    return r.reachable() ? r.igpMetric() : 0;
  }
}
