// One path to a prefix in the Loc-RIB, and what the decision process compares about it
// (RFC 4271 §9.1.2.2: read from its attributes, nothing built to select; RFC 4724 §4.2 staleness).
package dev.cairn.bgp.table;

import dev.cairn.bgp.decision.Ranked;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.NextHopResolver;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.util.List;

/**
 * One path to a prefix: who it came from (null: this router) and its attributes; stale while its
 * neighbor restarts gracefully (RFC 4724 §4.2). It carries its prefix, so that a lone path can
 * stand for its prefix in the Loc-RIB: an IPv4 path ({@link Path4}) as two fields in the padding of
 * its 32 bytes, built into a prefix object only when asked, which spares a full table a million
 * prefix objects (24 bytes each); an IPv6 path ({@link Path6}) holds its prefix object.
 */
public abstract class Path extends Route implements Ranked {
  final PathSource from;
  final PathAttributes attrs;
  final Hop hop;
  final boolean stale;
  private final boolean external; // learned over eBGP (kept: the RIB's thread reads it too)

  private Path(PathSource from, PathAttributes attrs, Hop hop, boolean stale) {
    this.from = from;
    this.attrs = attrs;
    this.hop = hop;
    this.stale = stale;
    this.external = from != null && from.ebgp();
  }

  public static Path of(
      IpPrefix prefix, PathSource from, PathAttributes attrs, Hop hop, boolean stale) {
    return prefix instanceof Ipv4Prefix v4
        ? new Path4(v4, from, attrs, hop, stale)
        : new Path6(prefix, from, attrs, hop, stale);
  }

  public static Path of(IpPrefix prefix, PathSource from, PathAttributes attrs, Hop hop) {
    return of(prefix, from, attrs, hop, false);
  }

  /** This path, stale (or not). */
  abstract Path withStale(boolean stale);

  /** Whether {@code o} is a path to the same prefix. */
  abstract boolean samePrefix(Path o);

  /**
   * The prefix object to share for this path's prefix, which {@code p} equals: an IPv6 path's own
   * (the paths of a prefix from several neighbors then hold one object, not one decoded copy each),
   * else {@code p} (an IPv4 path keeps no object).
   */
  abstract IpPrefix prefixLike(IpPrefix p);

  public PathSource from() {
    return from;
  }

  public PathAttributes attrs() {
    return attrs;
  }

  public Hop hop() {
    return hop;
  }

  public boolean stale() {
    return stale;
  }

  /**
   * The same path: from the same neighbor, through the same next hop, with equal attributes and
   * staleness (what {@link Route#equals} does not look at).
   */
  public static boolean same(Path a, Path b) {
    return a == b
        || (a != null
            && b != null
            && a.from == b.from
            && a.hop == b.hop
            && a.stale == b.stale
            && a.samePrefix(b)
            && a.attrs.equals(b.attrs));
  }

  // as the RIB's route (the selected path of a prefix is offered as it is: no copy per route)

  @Override
  public Protocol protocol() {
    return external ? Protocol.EBGP : Protocol.IBGP;
  }

  @Override
  public List<NextHop> nextHops() {
    return hop.single;
  }

  @Override
  public long metric() {
    return Math.max(0, attrs.med());
  }

  /** The next hop (null for a path of this router). */
  public IpAddress nextHop() {
    return hop == null ? null : hop.address;
  }

  // what the decision process compares, read from the attributes (nothing is built to select)

  private AsPath path() {
    AsPath p = attrs.asPath();
    return p == null ? AsPath.EMPTY : p;
  }

  @Override
  public boolean local() {
    return from == null;
  }

  @Override
  public boolean ebgp() {
    return external;
  }

  @Override
  public long neighborAs() {
    return path().firstAs();
  }

  @Override
  public long localPref() {
    return attrs.localPref() >= 0 ? attrs.localPref() : 100;
  }

  @Override
  public int asPathLength() {
    return path().length();
  }

  @Override
  public Object asPath() {
    return path();
  }

  @Override
  public int origin() {
    return Math.max(0, attrs.origin());
  }

  @Override
  public long med() {
    return Math.max(0, attrs.med());
  }

  /** The cost to the next hop through the RIB (0 while it does not resolve, or untracked). */
  @Override
  public long igpMetric() {
    if (from == null || hop == null) {
      return 0;
    }
    NextHopResolver.Resolution r = hop.resolution;
    return r.reachable() ? r.igpMetric() : 0;
  }

  /**
   * ORIGINATOR_ID, else the neighbor's BGP identifier. A local path never gets this far: there is
   * one per prefix and it wins (or loses) on LOCAL_PREF or as locally originated.
   */
  @Override
  public int routerId() {
    return attrs.originatorId() != null
        ? attrs.originatorId().bits()
        : from == null ? 0 : from.routerIdBits();
  }

  @Override
  public int clusterListLength() {
    return attrs.clusterListLength();
  }

  @Override
  public IpAddress neighborAddress() {
    return from == null ? null : from.address();
  }

  @Override
  public int pathId() {
    return 0;
  }

  /** A path to an IPv4 prefix, which it keeps as its address bits and length. */
  static final class Path4 extends Path {
    private final int bits;
    private final byte length;

    Path4(Ipv4Prefix prefix, PathSource from, PathAttributes attrs, Hop hop, boolean stale) {
      this(prefix.bits(), (byte) prefix.length(), from, attrs, hop, stale);
    }

    private Path4(
        int bits, byte length, PathSource from, PathAttributes attrs, Hop hop, boolean stale) {
      super(from, attrs, hop, stale);
      this.bits = bits;
      this.length = length;
    }

    @Override
    public IpPrefix prefix() {
      return new Ipv4Prefix(bits, length);
    }

    @Override
    Path withStale(boolean stale) {
      return new Path4(bits, length, from, attrs, hop, stale);
    }

    @Override
    boolean samePrefix(Path o) {
      return o instanceof Path4 q && q.bits == bits && q.length == length;
    }

    @Override
    IpPrefix prefixLike(IpPrefix p) {
      return p;
    }
  }

  /** A path to an IPv6 prefix. */
  static final class Path6 extends Path {
    private final IpPrefix prefix;

    Path6(IpPrefix prefix, PathSource from, PathAttributes attrs, Hop hop, boolean stale) {
      super(from, attrs, hop, stale);
      this.prefix = prefix;
    }

    @Override
    public IpPrefix prefix() {
      return prefix;
    }

    @Override
    Path withStale(boolean stale) {
      return new Path6(prefix, from, attrs, hop, stale);
    }

    @Override
    boolean samePrefix(Path o) {
      return o instanceof Path6 q && q.prefix.equals(prefix);
    }

    @Override
    IpPrefix prefixLike(IpPrefix p) {
      return prefix;
    }
  }
}
