// The path attributes of an UPDATE, immutable and hash-consed (RFC 4271 §4.3, §5).
package dev.cairn.bgp.wire;

import dev.cairn.net.Ipv4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The path attributes of an UPDATE except MP_REACH_NLRI / MP_UNREACH_NLRI (which carry NLRI and
 * live in {@link Update}), immutable and hash-consed: the speaker interns the sets it keeps through
 * its {@link AttributeInterner}, so every route with the same attributes shares one instance
 * (DESIGN §4).
 *
 * <p>Absent numeric attributes are {@code -1}; absent object attributes are {@code null}. AS
 * numbers are always 4-octet here: AS4_PATH / AS4_AGGREGATOR from a 2-octet session are merged at
 * decode time and produced again at encode time (RFC 6793).
 */
public final class PathAttributes {
  // attribute flags (RFC 4271 §4.3)
  public static final int OPTIONAL = 0x80;
  public static final int TRANSITIVE = 0x40;
  public static final int PARTIAL = 0x20;
  public static final int EXTENDED_LENGTH = 0x10;

  // attribute type codes
  public static final int ORIGIN = 1;
  public static final int AS_PATH = 2;
  public static final int NEXT_HOP = 3;
  public static final int MULTI_EXIT_DISC = 4;
  public static final int LOCAL_PREF = 5;
  public static final int ATOMIC_AGGREGATE = 6;
  public static final int AGGREGATOR = 7;
  public static final int COMMUNITIES = 8;
  public static final int ORIGINATOR_ID = 9;
  public static final int CLUSTER_LIST = 10;
  public static final int MP_REACH_NLRI = 14;
  public static final int MP_UNREACH_NLRI = 15;
  public static final int EXTENDED_COMMUNITIES = 16;
  public static final int AS4_PATH = 17;
  public static final int AS4_AGGREGATOR = 18;
  public static final int LARGE_COMMUNITY = 32;

  public static final int ORIGIN_IGP = 0;
  public static final int ORIGIN_EGP = 1;
  public static final int ORIGIN_INCOMPLETE = 2;

  /** No attributes at all (the attribute set of a pure withdrawal). */
  public static final PathAttributes EMPTY = builder().build();

  // Held compactly (one attribute set per UPDATE of a full table is kept, a million of them): the
  // 32-bit MED and LOCAL_PREF as ints with presence flags, and the attributes most routes lack in
  // one object that is null when none is present. 48 bytes a set instead of 80.
  private static final int FLAG_MED = 1;
  private static final int FLAG_LOCAL_PREF = 2;
  private static final int FLAG_ATOMIC_AGGREGATE = 4;

  private final AsPath asPath;
  private final Ipv4Address nextHop;
  private final Communities communities;
  private final Rare rare;
  private final int med;
  private final int localPref;
  private final int hash;
  private final byte origin;
  private final byte flags;

  /** The attributes most routes do not carry. */
  private static final class Rare {
    final Aggregator aggregator;
    final Ipv4Address originatorId;
    final int[] clusterList;
    final ExtendedCommunities extendedCommunities;
    final LargeCommunities largeCommunities;
    final List<RawAttribute> unknown;

    Rare(Builder b) {
      aggregator = b.aggregator;
      originatorId = b.originatorId;
      clusterList = b.clusterList;
      extendedCommunities = b.extendedCommunities;
      largeCommunities = b.largeCommunities;
      unknown = List.copyOf(b.unknown);
    }
  }

  private PathAttributes(Builder b) {
    origin = (byte) b.origin;
    asPath = b.asPath;
    nextHop = b.nextHop;
    med = (int) b.med;
    localPref = (int) b.localPref;
    flags =
        (byte)
            ((b.med >= 0 ? FLAG_MED : 0)
                | (b.localPref >= 0 ? FLAG_LOCAL_PREF : 0)
                | (b.atomicAggregate ? FLAG_ATOMIC_AGGREGATE : 0));
    communities = b.communities;
    rare =
        b.aggregator == null
                && b.originatorId == null
                && b.clusterList == null
                && b.extendedCommunities == null
                && b.largeCommunities == null
                && b.unknown.isEmpty()
            ? null
            : new Rare(b);
    int h = origin;
    h = 31 * h + Objects.hashCode(asPath);
    h = 31 * h + Objects.hashCode(nextHop);
    h = 31 * h + Long.hashCode(med());
    h = 31 * h + Long.hashCode(localPref());
    h = 31 * h + (atomicAggregate() ? 1 : 0);
    h = 31 * h + Objects.hashCode(aggregator());
    h = 31 * h + Objects.hashCode(communities);
    h = 31 * h + Objects.hashCode(originatorId());
    h = 31 * h + Arrays.hashCode(clusterListRaw());
    h = 31 * h + Objects.hashCode(extendedCommunities());
    h = 31 * h + Objects.hashCode(largeCommunities());
    h = 31 * h + unknown().hashCode();
    hash = h;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these attributes (to derive a changed set). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** ORIGIN 0..2, or -1 when absent. */
  public int origin() {
    return origin;
  }

  /** AS_PATH, or {@code null} when absent. */
  public AsPath asPath() {
    return asPath;
  }

  /** NEXT_HOP (the IPv4 next hop of classic NLRI), or {@code null}. */
  public Ipv4Address nextHop() {
    return nextHop;
  }

  /** MULTI_EXIT_DISC (unsigned 32-bit), or -1 when absent. */
  public long med() {
    return (flags & FLAG_MED) != 0 ? med & 0xffffffffL : -1;
  }

  /** LOCAL_PREF (unsigned 32-bit), or -1 when absent. */
  public long localPref() {
    return (flags & FLAG_LOCAL_PREF) != 0 ? localPref & 0xffffffffL : -1;
  }

  public boolean atomicAggregate() {
    return (flags & FLAG_ATOMIC_AGGREGATE) != 0;
  }

  public Aggregator aggregator() {
    return rare == null ? null : rare.aggregator;
  }

  public Communities communities() {
    return communities;
  }

  public Ipv4Address originatorId() {
    return rare == null ? null : rare.originatorId;
  }

  /** CLUSTER_LIST length in cluster IDs (0 when absent). */
  public int clusterListLength() {
    int[] clusterList = clusterListRaw();
    return clusterList == null ? 0 : clusterList.length;
  }

  /** True when a CLUSTER_LIST attribute is present (possibly... never empty on the wire). */
  public boolean hasClusterList() {
    return clusterListRaw() != null;
  }

  public int clusterId(int i) {
    return clusterListRaw()[i];
  }

  public boolean clusterListContains(int clusterId) {
    int[] clusterList = clusterListRaw();
    if (clusterList != null) {
      for (int c : clusterList) {
        if (c == clusterId) {
          return true;
        }
      }
    }
    return false;
  }

  public ExtendedCommunities extendedCommunities() {
    return rare == null ? null : rare.extendedCommunities;
  }

  public LargeCommunities largeCommunities() {
    return rare == null ? null : rare.largeCommunities;
  }

  /** Optional transitive attributes cairn does not interpret, in type order. */
  public List<RawAttribute> unknown() {
    return rare == null ? List.of() : rare.unknown;
  }

  int[] clusterListRaw() {
    return rare == null ? null : rare.clusterList;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof PathAttributes p
        && p.hash == hash
        && p.origin == origin
        && p.med == med
        && p.localPref == localPref
        && p.flags == flags
        && Objects.equals(p.asPath, asPath)
        && Objects.equals(p.nextHop, nextHop)
        && Objects.equals(p.communities, communities)
        && (p.rare == rare
            || (Objects.equals(p.aggregator(), aggregator())
                && Objects.equals(p.originatorId(), originatorId())
                && Arrays.equals(p.clusterListRaw(), clusterListRaw())
                && Objects.equals(p.extendedCommunities(), extendedCommunities())
                && Objects.equals(p.largeCommunities(), largeCommunities())
                && p.unknown().equals(unknown())));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** One line for logs: {@code origin=igp as-path=[64500 64501] next-hop=192.0.2.1 ...}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (origin >= 0) {
      parts.add("origin=" + (origin == 0 ? "igp" : origin == 1 ? "egp" : "incomplete"));
    }
    if (asPath != null) {
      parts.add("as-path=[" + asPath + "]");
    }
    if (nextHop != null) {
      parts.add("next-hop=" + nextHop);
    }
    if (med() >= 0) {
      parts.add("med=" + med());
    }
    if (localPref() >= 0) {
      parts.add("local-pref=" + localPref());
    }
    if (atomicAggregate()) {
      parts.add("atomic-aggregate");
    }
    if (aggregator() != null) {
      parts.add("aggregator=" + aggregator());
    }
    if (communities != null) {
      parts.add("communities=" + communities);
    }
    if (originatorId() != null) {
      parts.add("originator-id=" + originatorId());
    }
    int[] clusterList = clusterListRaw();
    if (clusterList != null) {
      StringBuilder sb = new StringBuilder("cluster-list=[");
      for (int i = 0; i < clusterList.length; i++) {
        sb.append(i > 0 ? " " : "").append(new Ipv4Address(clusterList[i]));
      }
      parts.add(sb.append(']').toString());
    }
    if (extendedCommunities() != null) {
      parts.add("ext-communities=" + extendedCommunities());
    }
    if (largeCommunities() != null) {
      parts.add("large-communities=" + largeCommunities());
    }
    for (RawAttribute r : unknown()) {
      parts.add(r.toString());
    }
    return String.join(" ", parts);
  }

  /** Builds attribute sets; {@link #build()} does not intern (see {@link AttributeInterner}). */
  public static final class Builder {
    private int origin = -1;
    private AsPath asPath;
    private Ipv4Address nextHop;
    private long med = -1;
    private long localPref = -1;
    private boolean atomicAggregate;
    private Aggregator aggregator;
    private Communities communities;
    private Ipv4Address originatorId;
    private int[] clusterList;
    private ExtendedCommunities extendedCommunities;
    private LargeCommunities largeCommunities;
    // immutable (shared, usually empty) until an unknown attribute is added: no list per builder
    private List<RawAttribute> unknown = List.of();

    private Builder() {}

    private Builder(PathAttributes p) {
      origin = p.origin;
      asPath = p.asPath;
      nextHop = p.nextHop;
      med = p.med();
      localPref = p.localPref();
      atomicAggregate = p.atomicAggregate();
      aggregator = p.aggregator();
      communities = p.communities;
      originatorId = p.originatorId();
      clusterList = p.clusterListRaw();
      extendedCommunities = p.extendedCommunities();
      largeCommunities = p.largeCommunities();
      unknown = p.unknown();
    }

    public Builder origin(int v) {
      if (v < -1 || v > 2) {
        throw new IllegalArgumentException("ORIGIN " + v);
      }
      origin = v;
      return this;
    }

    public Builder asPath(AsPath v) {
      asPath = v;
      return this;
    }

    public Builder nextHop(Ipv4Address v) {
      nextHop = v;
      return this;
    }

    public Builder med(long v) {
      med = checkU32(v);
      return this;
    }

    public Builder localPref(long v) {
      localPref = checkU32(v);
      return this;
    }

    public Builder atomicAggregate(boolean v) {
      atomicAggregate = v;
      return this;
    }

    public Builder aggregator(Aggregator v) {
      aggregator = v;
      return this;
    }

    /** Sets COMMUNITIES; an empty list removes the attribute. */
    public Builder communities(Communities v) {
      communities = v == null || v.size() == 0 ? null : v;
      return this;
    }

    public Builder originatorId(Ipv4Address v) {
      originatorId = v;
      return this;
    }

    /** Sets CLUSTER_LIST; {@code null} or empty removes it. */
    public Builder clusterList(int... ids) {
      clusterList = ids == null || ids.length == 0 ? null : ids.clone();
      return this;
    }

    /** Prepends a cluster ID (route reflection, RFC 4456 §8). */
    public Builder prependClusterId(int id) {
      int[] old = clusterList == null ? new int[0] : clusterList;
      int[] n = new int[old.length + 1];
      n[0] = id;
      System.arraycopy(old, 0, n, 1, old.length);
      clusterList = n;
      return this;
    }

    public Builder extendedCommunities(ExtendedCommunities v) {
      extendedCommunities = v == null || v.size() == 0 ? null : v;
      return this;
    }

    public Builder largeCommunities(LargeCommunities v) {
      largeCommunities = v == null || v.size() == 0 ? null : v;
      return this;
    }

    /** Adds an uninterpreted attribute; kept sorted by type, one per type. */
    public Builder unknown(RawAttribute r) {
      List<RawAttribute> u = new ArrayList<>(unknown);
      u.removeIf(x -> x.type() == r.type());
      u.add(r);
      u.sort((a, b) -> Integer.compare(a.type(), b.type()));
      unknown = u;
      return this;
    }

    public Builder clearUnknown() {
      unknown = List.of();
      return this;
    }

    Builder clusterListRaw(int[] ids) {
      clusterList = ids;
      return this;
    }

    private static long checkU32(long v) {
      if (v < -1 || v > 0xffffffffL) {
        throw new IllegalArgumentException("not a 32-bit unsigned value: " + v);
      }
      return v;
    }

    public PathAttributes build() {
      return new PathAttributes(this);
    }
  }
}
