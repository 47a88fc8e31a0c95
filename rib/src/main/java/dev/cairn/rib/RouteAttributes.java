package dev.cairn.rib;

import java.util.Arrays;

/**
 * What a route carries besides forwarding, in no protocol's terms: standard communities (32-bit
 * values, RFC 1997's {@code asn << 16 | value}), large communities (triples of 32-bit values, RFC
 * 8092) and a tag (32 bits, as OSPF's external route tag). A source sets them (the Kubernetes
 * adapter from a Service's annotations); a channel that exports the route reads them (BGP attaches
 * the communities when it redistributes). Immutable; a route without any holds the shared {@link
 * #EMPTY} and pays nothing for them ({@link Route#of(dev.cairn.net.IpPrefix, Protocol,
 * java.util.List, long)}).
 */
public final class RouteAttributes {
  /** No communities, no tag: what {@link #of} answers for nothing. */
  public static final RouteAttributes EMPTY = new RouteAttributes(new int[0], new int[0], 0);

  private final int[] communities;
  private final int[] large; // 3 per large community: global administrator, data 1, data 2
  private final int tag;
  private final int hash;

  private RouteAttributes(int[] communities, int[] large, int tag) {
    this.communities = communities;
    this.large = large;
    this.tag = tag;
    this.hash = (Arrays.hashCode(communities) * 31 + Arrays.hashCode(large)) * 31 + tag;
  }

  /**
   * The attributes {@code communities}, {@code largeTriples} (flat: global, data 1, data 2, ...;
   * each 0..4294967295) and {@code tag} (0: none); {@link #EMPTY} when there is nothing.
   */
  public static RouteAttributes of(int[] communities, long[] largeTriples, long tag) {
    if (largeTriples.length % 3 != 0) {
      throw new IllegalArgumentException("large communities come in triples");
    }
    if (communities.length == 0 && largeTriples.length == 0 && tag == 0) {
      return EMPTY;
    }
    int[] l = new int[largeTriples.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = checked(largeTriples[i], "large community part");
    }
    return new RouteAttributes(communities.clone(), l, checked(tag, "tag"));
  }

  /** Only standard communities. */
  public static RouteAttributes communities(int... communities) {
    return of(communities, new long[0], 0);
  }

  private static int checked(long v, String what) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " " + v + " is out of range 0..4294967295");
    }
    return (int) v;
  }

  public boolean isEmpty() {
    return this == EMPTY || (communities.length == 0 && large.length == 0 && tag == 0);
  }

  /** The standard communities, in the order given (a copy). */
  public int[] communities() {
    return communities.clone();
  }

  public int communityCount() {
    return communities.length;
  }

  public int community(int i) {
    return communities[i];
  }

  public boolean hasCommunity(int c) {
    for (int v : communities) {
      if (v == c) {
        return true;
      }
    }
    return false;
  }

  /** The large communities as flat triples of unsigned values (a copy). */
  public long[] largeCommunities() {
    long[] out = new long[large.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = large[i] & 0xFFFF_FFFFL;
    }
    return out;
  }

  public int largeCommunityCount() {
    return large.length / 3;
  }

  /** The route tag, 0..4294967295 (0: none). */
  public long tag() {
    return tag & 0xFFFF_FFFFL;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof RouteAttributes a
            && a.hash == hash
            && a.tag == tag
            && Arrays.equals(a.communities, communities)
            && Arrays.equals(a.large, large));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (communities.length > 0) {
      sb.append("communities");
      for (int c : communities) {
        sb.append(' ').append(c >>> 16).append(':').append(c & 0xffff);
      }
    }
    if (large.length > 0) {
      sb.append(sb.length() > 0 ? ", " : "").append("large-communities");
      for (int i = 0; i < large.length; i += 3) {
        sb.append(' ')
            .append(large[i] & 0xFFFF_FFFFL)
            .append(':')
            .append(large[i + 1] & 0xFFFF_FFFFL)
            .append(':')
            .append(large[i + 2] & 0xFFFF_FFFFL);
      }
    }
    if (tag != 0) {
      sb.append(sb.length() > 0 ? ", " : "").append("tag ").append(tag());
    }
    return sb.toString();
  }
}
